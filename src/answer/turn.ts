/**
 * One question read as a turn of a conversation: its intent, the documents, measure numbers and
 * names it is about — borrowed from the previous turn when it leans on it ("那第18项呢?",
 * "那大连呢?", "列出全部措施" right after a question about one plan). Pure: no I/O.
 */

import { placesIn } from "../structure/places.js";
import type { PolicyDoc } from "../types.js";
import type { ComposeContext } from "./compose/context.js";
import type { TurnState } from "./conversation.js";
import { type DocResolution, leadNamesIn, resolveDocs } from "./resolve.js";
import { classifyIntent, type Intent, isElliptical, isFollowUp, measureNumbers } from "./understand.js";

/** What one turn is about, after follow-ups have borrowed from the previous turn. */
export interface Turn {
  q: string;
  intent: Intent;
  resolved: DocResolution;
  docs: PolicyDoc[];
  numbers: number[];
  leads: string[];
  /** The documents came from the previous turn, not from the question. */
  borrowed: boolean;
}

/** Intents a follow-up without words of its own inherits. */
const INHERITED = new Set<Intent>(["lead_of_measure", "summary", "measures_of_lead", "deadline"]);

/** Intents about a whole document: asked right after a turn about one, they mean that one. */
export const WHOLE_DOCUMENT = new Set<Intent>(["list", "digest", "table", "deliverables"]);

/** Words that state an intent of their own (so a follow-up does not inherit the previous one). */
function hasIntentWords(q: string): boolean {
  return /谁|负责|牵头|总结|概括|内容|讲什么|说什么|列出|哪些|时限|截止|期限|什么时候|何时|who|lead|responsible|summar|list|what does|deadline|when\b|due\b/i.test(
    q.replace(/what about|how about/gi, ""),
  );
}

/** "他还负责哪些?", "What else do they lead?": the previous turn's names, not its measure. */
const ASKS_OTHER_MEASURES = /还(负责|牵头|承担|有)|其他|其它|\belse\b|\bother (measures|items|tasks|work)/i;

/** What a follow-up says besides naming a document: "那大连呢?" says nothing else. */
const FOLLOW_UP_FRAME =
  /^(那么?|还有|另外|再看看?|换成|and|what about|how about)|呢|吗|[?？。.!！,，\s]|\b(the|of|for|in|then)\b|的|方案|要点|文件|计划|措施|plan|work points|document|measures/gi;

/**
 * "那大连呢?", "What about the Dalian plan?": a follow-up that names a document and nothing else asks
 * the previous question of that document.
 */
function onlyNamesDocument(q: string, docs: PolicyDoc[]): boolean {
  if (!isFollowUp(q) || docs.length === 0) return false;
  const names = [...placesIn(q).flatMap((p) => [p.zh, ...p.en]), ...docs.flatMap((d) => d.aliases)];
  const rest = names
    .sort((a, b) => b.length - a.length)
    .reduce((acc, n) => acc.split(n.toLowerCase()).join(" "), q.toLowerCase())
    .replace(FOLLOW_UP_FRAME, "");
  return rest.length <= 1;
}

/** The previous question without the names of the documents it was about. */
function withoutDocumentNames(question: string, docs: PolicyDoc[]): string {
  const names = docs.flatMap((d) => [d.title, ...d.aliases]).sort((a, b) => b.length - a.length);
  return names.reduce((acc, n) => (n.length >= 2 ? acc.split(n).join("") : acc), question);
}

/** Understands a question, borrowing documents, measures, names and intent from a follow-up's previous turn. */
export function understandTurn(ctx: ComposeContext, q: string, prev: TurnState | undefined): Turn {
  const { kb } = ctx;
  let leads = leadNamesIn(q, kb);
  const resolved = resolveDocs(q, kb, leads);
  const prevDocs = () => (prev?.sources ?? []).flatMap((s) => kb.doc(s) ?? []);
  // "那大连呢?" asks the previous question again, of another document.
  if (prev?.question && !resolved.unknown && onlyNamesDocument(q, resolved.docs)) {
    const asked = withoutDocumentNames(prev.question, prevDocs());
    const again = understandTurn({ ...ctx, question: asked }, asked, undefined);
    return { ...again, resolved, docs: resolved.docs, borrowed: false };
  }
  let numbers = measureNumbers(q);
  let docs = resolved.docs;
  let borrowed = false;
  // In a short follow-up a bare number is a measure number ("What about 18?", "那18呢").
  const bare = /(?<![\d.])(\d{1,3})(?![\d.%年月日])/.exec(q);
  if (prev && numbers.length === 0 && bare && q.length <= 24 && isFollowUp(q)) numbers = [Number(bare[1])];
  const followUp =
    !resolved.named &&
    prev !== undefined &&
    (isFollowUp(q) ||
      (numbers.length > 0 && q.length <= 16) ||
      (numbers.length === 0 && leads.length === 0 && isElliptical(q)));
  if (followUp && prev) {
    docs = prevDocs();
    borrowed = docs.length > 0;
    if (numbers.length === 0 && leads.length === 0) {
      leads = prev.leads;
      numbers = ASKS_OTHER_MEASURES.test(q) && leads.length > 0 ? [] : prev.measures;
    }
  }
  let intent = classifyIntent(q, {
    hasMeasure: numbers.length > 0,
    hasLead: leads.length > 0,
    language: ctx.lang,
  });
  // "那第十八项呢?" asks what the previous turn asked.
  if (followUp && prev && !hasIntentWords(q) && INHERITED.has(prev.intent)) {
    intent = prev.intent === "measures_of_lead" && leads.length === 0 ? "lead_of_measure" : prev.intent;
  }
  // "列出全部措施" right after a question about one document lists that document.
  if (!followUp && prev && !resolved.named && docs.length === 0 && WHOLE_DOCUMENT.has(intent)) {
    const only = prev.sources.length === 1 ? kb.doc(prev.sources[0]!) : undefined;
    if (only) {
      docs = [only];
      borrowed = true;
    }
  }
  return { q, intent, resolved, docs, numbers, leads, borrowed };
}
