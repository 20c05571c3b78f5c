/** What a conversation remembers between turns, for follow-ups ("那第18项呢?"). */
import type { Storage } from "botbuilder";
import { ExpiringLru } from "../state/expiring-lru.js";
import type { Intent } from "./understand.js";

export interface TurnState {
  intent: Intent;
  /** Source files of the documents the turn was about. */
  sources: string[];
  /** Measure numbers the turn was about. */
  measures: number[];
  /** Unit or person names the turn was about. */
  leads: string[];
  /** The question as asked, so that "那大连呢?" can ask it again of another document. */
  question?: string;
}

/** A channel's settings: `/policy use <document>` scopes it to one document. */
export interface ChannelSettings {
  /** Source file the channel is scoped to; absent for all documents. */
  scope?: string;
}

/** Where conversations and channel settings are kept: in memory (one process) or a shared Storage. */
export interface ConversationStore {
  get(id: string | undefined): Promise<TurnState | undefined>;
  set(id: string | undefined, state: TurnState): Promise<void>;
  getChannel(channel: string): Promise<ChannelSettings>;
  setChannel(channel: string, settings: ChannelSettings): Promise<void>;
}

/**
 * The channel a conversation id belongs to: "slack:T1:C1:thread:171.2" → "slack:T1:C1" (see
 * channels/group-chat.ts); an id without a thread part is its own channel.
 */
export function channelOf(conversation: string): string {
  const at = conversation.search(/:(thread|dm):/);
  return at >= 0 ? conversation.slice(0, at) : conversation;
}

/**
 * In-memory conversation states and channel settings (one process): a turn is forgotten after the
 * time to live, and beyond `max` entries of either kind the least recently used are dropped.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly states: ExpiringLru<TurnState>;
  private readonly channels: ExpiringLru<ChannelSettings>;

  /**
   * @param max most conversations (and, apart, most channel settings) kept; default 10,000
   * @param ttlMs a turn older than this is forgotten; default 12 hours
   */
  constructor(
    max = 10_000,
    private readonly ttlMs = 12 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.states = new ExpiringLru(max);
    this.channels = new ExpiringLru(max);
  }

  async getChannel(channel: string): Promise<ChannelSettings> {
    return this.channels.get(channel, this.now()) ?? {};
  }

  async setChannel(channel: string, settings: ChannelSettings): Promise<void> {
    this.channels.set(channel, settings, Number.POSITIVE_INFINITY, 0);
  }

  async get(id: string | undefined): Promise<TurnState | undefined> {
    if (!id) return undefined;
    return this.states.get(id, this.now());
  }

  async set(id: string | undefined, state: TurnState): Promise<void> {
    if (!id) return;
    this.states.set(id, state, this.now() + this.ttlMs, 0);
  }
}

/**
 * Conversations in a botbuilder `Storage` (a file, or Redis shared by several replicas), under
 * "conversation/<id>". The last turn wins: each turn replaces the state (eTag "*"). Each turn is
 * written with an `expiresAt` (its time + the time to live), which the storages honour: the file
 * store drops it then (and caps its items, least recently used first), Redis expires the key.
 * Channel settings carry none, so they keep the storage's default lifetime (30 days from the last
 * `/policy use`).
 */
export class StorageConversationStore implements ConversationStore {
  /**
   * @param ttlMs a turn older than this is forgotten (a follow-up a day later starts afresh);
   *   default 12 hours.
   */
  constructor(
    private readonly storage: Storage,
    private readonly ttlMs = 12 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async getChannel(channel: string): Promise<ChannelSettings> {
    const key = `channel/${channel}`;
    const item = (await this.storage.read([key]))[key] as (ChannelSettings & { eTag?: string }) | undefined;
    return item?.scope ? { scope: item.scope } : {};
  }

  async setChannel(channel: string, settings: ChannelSettings): Promise<void> {
    await this.storage.write({ [`channel/${channel}`]: { ...settings, eTag: "*" } });
  }

  async get(id: string | undefined): Promise<TurnState | undefined> {
    if (!id) return undefined;
    const key = keyOf(id);
    const item = (await this.storage.read([key]))[key] as
      | (TurnState & { eTag?: string; at?: number; expiresAt?: number })
      | undefined;
    if (!item) return undefined;
    if (item.at !== undefined && this.now() - item.at > this.ttlMs) {
      // Expired: deleted, not just ignored, so that forgotten turns do not pile up.
      await this.storage.delete([key]);
      return undefined;
    }
    const { eTag: _eTag, at: _at, expiresAt: _expiresAt, ...state } = item;
    return state;
  }

  /** Stores the turn until the time to live has passed (the storage deletes it then). */
  async set(id: string | undefined, state: TurnState): Promise<void> {
    if (!id) return;
    const at = this.now();
    await this.storage.write({ [keyOf(id)]: { ...state, at, expiresAt: at + this.ttlMs, eTag: "*" } });
  }
}

function keyOf(id: string): string {
  return `conversation/${id}`;
}
