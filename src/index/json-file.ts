/**
 * Writes a large JSON file piece by piece, so that no single string holds the whole file (a
 * 10,000-document index has JSON files of hundreds of megabytes). The pieces of a value are
 * exactly what `JSON.stringify` writes for it, so the file is the same as `JSON.stringify`'s.
 */
import { closeSync, openSync, writeSync } from "node:fs";

/** Characters gathered before they are written (about 1 MB). */
const CHUNK_CHARS = 1 << 20;

/** Writes the pieces to `path` (created or truncated), in order. */
export function writeJsonPieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, "w");
  try {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      if (parts.length > 0) writeSync(fd, parts.join(""));
      parts = [];
      size = 0;
    };
    for (const piece of pieces) {
      parts.push(piece);
      size += piece.length;
      if (size >= CHUNK_CHARS) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

/** The pieces of a JSON array whose items are `items` (each stringified on its own). */
export function* jsonArrayPieces(items: Iterable<unknown>): Generator<string> {
  yield "[";
  let first = true;
  for (const item of items) {
    yield first ? JSON.stringify(item) : `,${JSON.stringify(item)}`;
    first = false;
  }
  yield "]";
}
