/**
 * A bounded map (pure: no I/O, the time is passed in): each entry has an expiry time and a size in
 * bytes; an expired entry is gone, and beyond `maxItems` the least recently used entries are
 * evicted. Reads and writes count as use. It keeps the sum of the live entries' sizes, so a log of
 * them knows when it has grown past a multiple of what is live.
 */

/** One entry: its value, when it expires (ms since the epoch) and its size (bytes of its log line). */
export interface LruEntry<V> {
  value: V;
  expiresAt: number;
  bytes: number;
}

export class ExpiringLru<V> {
  /** Insertion order is recency order: the first entry is the least recently used. */
  private readonly entries = new Map<string, LruEntry<V>>();
  private live = 0;

  constructor(readonly maxItems: number) {
    if (!Number.isInteger(maxItems) || maxItems < 1)
      throw new Error("ExpiringLru: maxItems must be at least 1");
  }

  /** How many entries are held (expired ones not yet swept included). */
  get size(): number {
    return this.entries.size;
  }

  /** The sum of the held entries' sizes in bytes. */
  get bytes(): number {
    return this.live;
  }

  /** The live value of `key` (marked as just used), or undefined; an expired entry is dropped. */
  get(key: string, now: number): V | undefined {
    const entry = this.peek(key, now);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The live entry of `key` without marking it used; an expired entry is dropped. */
  peek(key: string, now: number): LruEntry<V> | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Sets `key` (as the most recently used); returns the keys evicted to stay within `maxItems`. */
  set(key: string, value: V, expiresAt: number, bytes: number): string[] {
    this.delete(key);
    this.entries.set(key, { value, expiresAt, bytes });
    this.live += bytes;
    const evicted: string[] = [];
    while (this.entries.size > this.maxItems) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
      evicted.push(oldest);
    }
    return evicted;
  }

  /** Removes `key`; true when it was held. */
  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    this.live -= entry.bytes;
    return true;
  }

  /** Drops every expired entry; returns how many. */
  sweep(now: number): number {
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** The held entries, least recently used first. */
  all(): IterableIterator<[string, LruEntry<V>]> {
    return this.entries.entries();
  }
}
