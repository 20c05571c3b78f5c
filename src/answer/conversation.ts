/** What a conversation remembers between turns, for follow-ups ("那第18项呢?"). */
import type { Storage } from "botbuilder";
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

/** Where conversations are kept: in memory (one process) or in a shared botbuilder Storage. */
export interface ConversationStore {
  get(id: string | undefined): Promise<TurnState | undefined>;
  set(id: string | undefined, state: TurnState): Promise<void>;
}

/** In-memory conversation states, least recently used dropped beyond `max`. */
export class MemoryConversationStore implements ConversationStore {
  private readonly states = new Map<string, TurnState>();

  constructor(private readonly max = 10_000) {}

  async get(id: string | undefined): Promise<TurnState | undefined> {
    if (!id) return undefined;
    const s = this.states.get(id);
    if (s) {
      this.states.delete(id);
      this.states.set(id, s);
    }
    return s;
  }

  async set(id: string | undefined, state: TurnState): Promise<void> {
    if (!id) return;
    this.states.delete(id);
    this.states.set(id, state);
    if (this.states.size > this.max) this.states.delete(this.states.keys().next().value!);
  }
}

/**
 * Conversations in a botbuilder `Storage` (a file, or Redis shared by several replicas), under
 * "conversation/<id>". The last turn wins: each turn replaces the state (eTag "*").
 */
export class StorageConversationStore implements ConversationStore {
  constructor(private readonly storage: Storage) {}

  async get(id: string | undefined): Promise<TurnState | undefined> {
    if (!id) return undefined;
    const key = keyOf(id);
    const item = (await this.storage.read([key]))[key] as (TurnState & { eTag?: string }) | undefined;
    if (!item) return undefined;
    const { eTag: _eTag, ...state } = item;
    return state;
  }

  async set(id: string | undefined, state: TurnState): Promise<void> {
    if (!id) return;
    await this.storage.write({ [keyOf(id)]: { ...state, eTag: "*" } });
  }
}

function keyOf(id: string): string {
  return `conversation/${id}`;
}
