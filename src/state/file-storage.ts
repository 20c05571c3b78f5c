/**
 * A botbuilder `Storage` kept in one JSON file (default index-data/state/state.json): it survives
 * restarts, every write replaces the file atomically (temp file + rename), writes are serialized,
 * and eTags give optimistic concurrency (a write with a stale eTag is refused).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Storage, StoreItems } from "botbuilder";

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

export class FileStorage implements Storage {
  private items: Record<string, Record<string, unknown>>;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.items = existsSync(file) ? parseState(readFileSync(file, "utf8"), file) : {};
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const k of keys) if (this.items[k]) out[k] = structuredClone(this.items[k]);
    return out;
  }

  write(changes: StoreItems): Promise<void> {
    return this.serialized(() => {
      for (const [key, item] of Object.entries(changes)) {
        const current = this.items[key]?.eTag as string | undefined;
        if (!eTagAllows(item?.eTag, current)) throw new ETagConflictError(key);
      }
      for (const [key, item] of Object.entries(changes)) {
        this.items[key] = { ...structuredClone(item), eTag: newETag() };
      }
      this.flush();
    });
  }

  delete(keys: string[]): Promise<void> {
    return this.serialized(() => {
      for (const k of keys) delete this.items[k];
      this.flush();
    });
  }

  private serialized(work: () => void): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Writes the whole state to a temp file and renames it over the old one. */
  private flush(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    writeFileSync(tmp, JSON.stringify(this.items));
    renameSync(tmp, this.file);
  }
}

function parseState(text: string, file: string): Record<string, Record<string, unknown>> {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return parsed as Record<string, Record<string, unknown>>;
    }
  } catch {
    // fall through
  }
  throw new Error(`the state file ${file} is not a JSON object; move it away to start with empty state`);
}
