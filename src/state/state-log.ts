/**
 * The format of the state file (pure: no I/O): an append-only log of JSON lines, each a change —
 * `["s", key, item, expiresAt]` sets an item until `expiresAt` (ms since the epoch), `["d", key]`
 * deletes one. A write appends its lines, so a write costs the size of what it changes, not of the
 * whole store; the log is compacted (rewritten with one line per live item) when it grows past a
 * multiple of the live size. A file that is one JSON object is the earlier format (the whole store
 * rewritten on every write) and is read as such.
 */

/** A stored item (a botbuilder `StoreItem`). */
export type Item = Record<string, unknown>;

/** One change of the log. */
export type LogEntry = { op: "s"; key: string; item: Item; expiresAt: number } | { op: "d"; key: string };

/** The line that sets `key` to `item` until `expiresAt`. */
export function setLine(key: string, item: Item, expiresAt: number): string {
  return `${JSON.stringify(["s", key, item, expiresAt])}\n`;
}

/** The line that deletes `key`. */
export function deleteLine(key: string): string {
  return `${JSON.stringify(["d", key])}\n`;
}

/** What a state file holds: its changes in order, and how many damaged lines were skipped. */
export interface ParsedState {
  entries: LogEntry[];
  /** Lines that are not a change (a write cut short by a crash): skipped. */
  skipped: number;
  /** The file was in the earlier one-object format (it should be rewritten as a log). */
  legacy: boolean;
}

/**
 * Reads a state file's text: a log of changes, or (the earlier format) one JSON object of items,
 * which then expire at `legacyExpiresAt`. Throws, saying what to do, when it is neither.
 */
export function parseStateText(text: string, file: string, legacyExpiresAt: number): ParsedState {
  const start = text.trimStart();
  if (start === "") return { entries: [], skipped: 0, legacy: false };
  if (start.startsWith("[")) return parseLog(text);
  if (start.startsWith("{")) {
    const items = parseLegacy(text);
    if (items !== undefined) {
      const entries: LogEntry[] = Object.entries(items)
        .filter(([, item]) => item !== null && typeof item === "object" && !Array.isArray(item))
        .map(([key, item]) => ({ op: "s", key, item, expiresAt: legacyExpiresAt }));
      return { entries, skipped: 0, legacy: true };
    }
  }
  throw new Error(
    `the state file ${file} is neither a log of changes nor a JSON object; move it away to start with empty state`,
  );
}

function parseLegacy(text: string): Record<string, Item> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, Item>;
  } catch {
    // not one JSON object
  }
  return undefined;
}

function parseLog(text: string): ParsedState {
  const entries: LogEntry[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const entry = parseLine(line);
    if (entry === undefined) skipped++;
    else entries.push(entry);
  }
  return { entries, skipped, legacy: false };
}

function parseLine(line: string): LogEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || typeof v[1] !== "string") return undefined;
  if (v[0] === "d") return { op: "d", key: v[1] };
  const item = v[2] as unknown;
  if (v[0] !== "s" || item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
  if (typeof v[3] !== "number" || !Number.isFinite(v[3])) return undefined;
  return { op: "s", key: v[1], item: item as Item, expiresAt: v[3] };
}

/**
 * True when a log of `logBytes` should be rewritten: it is over `factor` times the `liveBytes` its
 * live items take, and over `minBytes` (a small log is never worth rewriting).
 */
export function shouldCompact(
  logBytes: number,
  liveBytes: number,
  factor: number,
  minBytes: number,
): boolean {
  return logBytes > minBytes && logBytes > factor * liveBytes;
}
