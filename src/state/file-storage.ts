/**
 * A botbuilder `Storage` kept in one JSON file (default index-data/state/state.json): it survives
 * restarts, every flush replaces the file atomically (temp file + rename), writes made during a
 * flush share the next one, and eTags give optimistic concurrency (a stale eTag is refused).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
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
  /** The flush that will carry changes made now (it starts when the one before it ends). */
  private next: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.items = existsSync(file) ? parseState(readFileSync(file, "utf8"), file) : {};
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const k of keys) if (this.items[k]) out[k] = structuredClone(this.items[k]);
    return out;
  }

  /** Applies the changes (all or none, eTags checked) and resolves once they are on disk. */
  write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.items[key]?.eTag as string | undefined;
      if (!eTagAllows(item?.eTag, current)) return Promise.reject(new ETagConflictError(key));
    }
    for (const [key, item] of Object.entries(changes)) {
      this.items[key] = { ...structuredClone(item), eTag: newETag() };
    }
    return this.persist();
  }

  delete(keys: string[]): Promise<void> {
    for (const k of keys) delete this.items[k];
    return this.persist();
  }

  /**
   * Resolves once the state as it is now is on disk. Writes made while a flush runs share the next
   * one: under load one file write carries many changes, and the event loop never waits on the disk.
   */
  private persist(): Promise<void> {
    if (this.next === null) {
      const run = this.last.then(() => {
        this.next = null;
        return this.flush(JSON.stringify(this.items));
      });
      this.next = run;
      this.last = run.catch(() => {});
    }
    return this.next;
  }

  /** Writes the state to a temp file and renames it over the old one. */
  private async flush(json: string): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, json);
    await rename(tmp, this.file);
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
