/**
 * Query understanding by the model: an English or vague question becomes Chinese search queries
 * (used beside the glossary's terms), and a follow-up becomes a standalone question using the
 * conversation. The model's reply is parsed defensively; anything unusable gives no rewrite.
 */

/** What a rewrite gives. */
export interface Rewrite {
  /** The question made self-contained (in the asker's language). */
  standalone: string;
  /** Up to three search queries. */
  queries: string[];
}

/** Longest query kept (characters). */
const MAX_QUERY_CHARS = 80;

/** Parses the model's reply (a JSON object, possibly inside a code fence); null when it is not one. */
export function parseRewrite(reply: string): Rewrite | null {
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  if (!json) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { standalone, queries } = value as Record<string, unknown>;
  const list = Array.isArray(queries)
    ? [...new Set(queries.filter((q): q is string => typeof q === "string").map((q) => q.trim()))]
        .filter((q) => q !== "" && q.length <= MAX_QUERY_CHARS)
        .slice(0, 3)
    : [];
  const whole = typeof standalone === "string" ? standalone.trim().slice(0, 500) : "";
  if (list.length === 0 && whole === "") return null;
  return { standalone: whole, queries: list };
}

/** One earlier turn of a conversation. */
export interface PastTurn {
  question: string;
  answer: string;
}

/** Earlier turns kept per conversation (LLM mode's own short memory, for rewriting follow-ups). */
export class TurnMemory {
  private readonly turns = new Map<string, PastTurn[]>();

  constructor(
    private readonly maxConversations = 1000,
    private readonly maxTurns = 3,
  ) {}

  get(conversation: string | undefined): PastTurn[] {
    return conversation ? (this.turns.get(conversation) ?? []) : [];
  }

  add(conversation: string | undefined, turn: PastTurn): void {
    if (!conversation) return;
    const list = [...this.get(conversation), turn].slice(-this.maxTurns);
    this.turns.delete(conversation);
    this.turns.set(conversation, list);
    if (this.turns.size > this.maxConversations) {
      const oldest = this.turns.keys().next().value;
      if (oldest !== undefined) this.turns.delete(oldest);
    }
  }
}
