/** What a conversation remembers between turns, for follow-ups ("那第18项呢?"). */
import type { Intent } from "./understand.js";

export interface TurnState {
  intent: Intent;
  /** Source files of the documents the turn was about. */
  sources: string[];
  /** Measure numbers the turn was about. */
  measures: number[];
  /** Unit or person names the turn was about. */
  leads: string[];
}

/** In-memory conversation states, least recently used dropped beyond `max`. */
export class ConversationStore {
  private readonly states = new Map<string, TurnState>();

  constructor(private readonly max = 10_000) {}

  get(id: string | undefined): TurnState | undefined {
    if (!id) return undefined;
    const s = this.states.get(id);
    if (s) {
      this.states.delete(id);
      this.states.set(id, s);
    }
    return s;
  }

  set(id: string | undefined, state: TurnState): void {
    if (!id) return;
    this.states.delete(id);
    this.states.set(id, state);
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value!);
  }
}
