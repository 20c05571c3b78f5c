/** Reads the sources folder: every .txt, .md and .html file, decoded, hashed, noise marked. */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SourceText } from "../types.js";
import { looksBinary } from "./binary.js";
import { decodeBytes } from "./decode.js";
import { findHtmlNoise } from "./html.js";
import { findNoise } from "./noise.js";

/** File extensions policybot indexes. */
export const SOURCE_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm"];

/** Largest file accepted (bytes); bigger files are skipped with a warning. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

export interface SourceProblem {
  source: string;
  message: string;
}

/** Lists the indexable files of a folder (not recursive), sorted by name. */
export function listSources(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => SOURCE_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext)))
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

/** sha256 of a file's bytes. */
export function hashBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Decodes one file's bytes into a SourceText. HTML keeps its markup, marked as noise (html.ts). */
export function toSourceText(source: string, bytes: Uint8Array): SourceText {
  const { text, encoding } = decodeBytes(bytes);
  const noise = /\.html?$/i.test(source) ? findHtmlNoise(text) : findNoise(text);
  return { source, text, encoding, hash: hashBytes(bytes), noise };
}

/** Reads every source of a folder; unreadable or empty files are reported, never thrown. */
export function readSources(dir: string): { sources: SourceText[]; problems: SourceProblem[] } {
  const sources: SourceText[] = [];
  const problems: SourceProblem[] = [];
  for (const file of listSources(dir)) {
    try {
      const bytes = readFileSync(join(dir, file));
      if (bytes.length > MAX_SOURCE_BYTES) {
        problems.push({ source: file, message: `skipped: larger than ${MAX_SOURCE_BYTES} bytes` });
        continue;
      }
      const src = toSourceText(file, bytes);
      if (src.text.trim() === "") {
        problems.push({ source: file, message: "skipped: the file has no text" });
        continue;
      }
      if (looksBinary(src.text)) {
        problems.push({ source: file, message: "skipped: the file is binary, not text" });
        continue;
      }
      sources.push(src);
    } catch (err) {
      problems.push({ source: file, message: `skipped: ${(err as Error).message}` });
    }
  }
  return { sources, problems };
}
