/**
 * A botbuilder `Storage` kept in one file (default index-data/state/state.json), bounded in size:
 * - every item expires (its own `expiresAt`, in ms since the epoch, else `defaultTtlMs` after it
 *   was written) and is then gone; beyond `maxItems` the least recently used items are evicted;
 * - a write appends its changes as a few JSON lines (state-log.ts) instead of rewriting the whole
 *   store, and the log is compacted — rewritten atomically (temp file + rename) with one line per
 *   live item — when it grows past `compactFactor` times the live size;
 * - writes made during a flush share the next one, and eTags give optimistic concurrency (a stale
 *   eTag is refused).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Storage, StoreItems } from "botbuilder";
import { ExpiringLru } from "./expiring-lru.js";
import { deleteLine, type Item, parseStateText, setLine, shouldCompact } from "./state-log.js";

/** Thrown when a write carries an eTag that is no longer the item's. */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`the stored item "${key}" changed since it was read (eTag mismatch); read it again and retry`);
    this.name = "ETagConflictError";
  }
}

/** A new eTag. */
export function newETag(): string {
  return randomBytes(8).toString("hex");
}

/** True when a write with `given` may replace `current` (no eTag or "*" always may). */
export function eTagAllows(given: string | undefined, current: string | undefined): boolean {
  return given === undefined || given === "*" || current === undefined || given === current;
}

/** How long an item without its own `expiresAt` is kept after its last write: 30 days. */
export const DEFAULT_ITEM_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Most items kept; the least recently used go first beyond it. */
export const DEFAULT_MAX_ITEMS = 20_000;

/** When an item expires: its own `expiresAt` when it has a finite one, else `now + defaultTtlMs`. */
export function expiryOf(item: Item, now: number, defaultTtlMs: number): number {
  const own = item.expiresAt;
  return typeof own === "number" && Number.isFinite(own) ? own : now + defaultTtlMs;
}

export interface FileStorageOptions {
  /** Most items kept (least recently used evicted beyond it); default 20,000. */
  maxItems?: number;
  /** Lifetime of an item without its own `expiresAt`, from its last write; default 30 days. */
  defaultTtlMs?: number;
  /** The log is rewritten when it is over this many times the live size; default 4. */
  compactFactor?: number;
  /** …and over this many bytes; default 1 MiB. */
  minCompactBytes?: number;
  /** Clock in ms; default `Date.now`. */
  now?: () => number;
}

export class FileStorage implements Storage {
  private readonly items: ExpiringLru<Item>;
  private readonly defaultTtlMs: number;
  private readonly compactFactor: number;
  private readonly minCompactBytes: number;
  private readonly now: () => number;
  /** Lines not yet on disk. */
  private pending: string[] = [];
  /** Bytes of the log file as written so far. */
  private logBytes: number;
  /** The file is in the earlier format (or damaged): the next flush rewrites it whole. */
  private mustCompact: boolean;
  private lastSweep = 0;
  /** The flush that will carry changes made now (it starts when the one before it ends). */
  private next: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    options: FileStorageOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.defaultTtlMs = options.defaultTtlMs ?? DEFAULT_ITEM_TTL_MS;
    this.compactFactor = options.compactFactor ?? 4;
    this.minCompactBytes = options.minCompactBytes ?? 1024 * 1024;
    this.items = new ExpiringLru(options.maxItems ?? DEFAULT_MAX_ITEMS);
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const now = this.now();
    const parsed = parseStateText(text, file, now + this.defaultTtlMs);
    // Replayed in full first (a later line replaces or deletes an earlier one), then capped.
    const live = new Map<string, { item: Item; expiresAt: number }>();
    for (const e of parsed.entries) {
      live.delete(e.key);
      if (e.op === "s" && e.expiresAt > now) live.set(e.key, e);
    }
    for (const [key, { item, expiresAt }] of live) {
      this.items.set(key, item, expiresAt, Buffer.byteLength(setLine(key, item, expiresAt)));
    }
    this.logBytes = Buffer.byteLength(text);
    this.mustCompact = parsed.legacy || parsed.skipped > 0;
  }

  /** How many items are held, and the bytes of the log file as written so far (for tests and figures). */
  stats(): { items: number; liveBytes: number; logBytes: number } {
    return { items: this.items.size, liveBytes: this.items.bytes, logBytes: this.logBytes };
  }

  async read(keys: string[]): Promise<StoreItems> {
    const now = this.now();
    const out: StoreItems = {};
    for (const k of keys) {
      const item = this.items.get(k, now);
      if (item) out[k] = structuredClone(item);
    }
    return out;
  }

  /** Applies the changes (all or none, eTags checked) and resolves once they are on disk. */
  write(changes: StoreItems): Promise<void> {
    const now = this.now();
    for (const [key, item] of Object.entries(changes)) {
      const current = this.items.peek(key, now)?.value.eTag as string | undefined;
      if (!eTagAllows(item?.eTag, current)) return Promise.reject(new ETagConflictError(key));
    }
    for (const [key, change] of Object.entries(changes)) {
      const item: Item = { ...structuredClone(change), eTag: newETag() };
      const expiresAt = expiryOf(item, now, this.defaultTtlMs);
      const line = setLine(key, item, expiresAt);
      this.pending.push(line);
      for (const gone of this.items.set(key, item, expiresAt, Buffer.byteLength(line))) {
        this.pending.push(deleteLine(gone));
      }
    }
    // Expired items leave memory at most once a minute; the log forgets them when compacted.
    if (now - this.lastSweep > 60_000) {
      this.items.sweep(now);
      this.lastSweep = now;
    }
    return this.persist();
  }

  delete(keys: string[]): Promise<void> {
    for (const k of keys) if (this.items.delete(k)) this.pending.push(deleteLine(k));
    return this.persist();
  }

  /**
   * Resolves once the state as it is now is on disk. Writes made while a flush runs share the next
   * one: under load one append carries many changes, and the event loop never waits on the disk.
   */
  private persist(): Promise<void> {
    if (this.next === null) {
      const run = this.last.then(() => {
        this.next = null;
        return this.flush();
      });
      this.next = run;
      this.last = run.catch(() => {});
    }
    return this.next;
  }

  /** Appends the pending lines, or rewrites the log with the live items when it has grown too big. */
  private async flush(): Promise<void> {
    const lines = this.pending;
    this.pending = [];
    const appended = lines.reduce((n, l) => n + Buffer.byteLength(l), 0);
    await mkdir(dirname(this.file), { recursive: true });
    if (
      this.mustCompact ||
      shouldCompact(this.logBytes + appended, this.items.bytes, this.compactFactor, this.minCompactBytes)
    ) {
      await this.compact();
      return;
    }
    if (lines.length === 0) return;
    await appendFile(this.file, lines.join(""));
    this.logBytes += appended;
  }

  /** Writes one line per live item to a temp file and renames it over the log. */
  private async compact(): Promise<void> {
    this.items.sweep(this.now());
    const lines: string[] = [];
    for (const [key, entry] of this.items.all()) lines.push(setLine(key, entry.value, entry.expiresAt));
    const text = lines.join("");
    const tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, text);
    await rename(tmp, this.file);
    this.logBytes = Buffer.byteLength(text);
    this.mustCompact = false;
  }
}
