/**
 * Reads the sources folder: every text, Markdown, HTML, PDF and Word (.docx) file, turned into
 * text, hashed (the file's bytes), noise marked. PDF and Word files are read through their
 * extractors (pdf.ts, docx.ts); their extracted text is the SourceText every offset points into.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { SourceText, Span } from "../types.js";
import { looksBinary } from "./binary.js";
import { decodeBytes } from "./decode.js";
import { extractDocx } from "./docx.js";
import { findHtmlNoise } from "./html.js";
import { findNoise } from "./noise.js";
import { extractPdf } from "./pdf.js";
import { SourceFormatError, type SourceProblem } from "./source-problem.js";

export type { SourceProblem } from "./source-problem.js";

/** File extensions policybot indexes. */
export const SOURCE_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"];

/** Largest file accepted (bytes); bigger files are skipped with a warning. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

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

/** Decodes one text file's bytes into a SourceText. HTML keeps its markup, marked as noise (html.ts). */
export function toSourceText(source: string, bytes: Uint8Array): SourceText {
  const { text, encoding } = decodeBytes(bytes);
  const noise = /\.html?$/i.test(source) ? findHtmlNoise(text) : findNoise(text);
  return { source, text, encoding, hash: hashBytes(bytes), noise };
}

/** The text extracted from a PDF or Word file (what extractors give, and what an index keeps). */
export interface ExtractedText {
  text: string;
  encoding: "pdf" | "docx";
  pages?: Span[];
}

/** True for the files read through an extractor (PDF, Word) rather than decoded. */
export function isExtracted(source: string): boolean {
  return /\.(pdf|docx)$/i.test(source);
}

/**
 * Any source file's bytes as a SourceText: PDF and Word files through their extractors (the PDF's
 * page spans kept), other files decoded. Throws a SourceFormatError for an unreadable PDF or docx.
 * `cached` may give the text already extracted from the same bytes (extraction is deterministic),
 * so that a saved index spares extracting every PDF again at start-up.
 */
export async function readSourceText(
  source: string,
  bytes: Uint8Array,
  cached?: (hash: string) => ExtractedText | undefined,
): Promise<SourceText> {
  if (!isExtracted(source)) return toSourceText(source, bytes);
  const hash = hashBytes(bytes);
  const extracted: ExtractedText =
    cached?.(hash) ??
    (/\.pdf$/i.test(source)
      ? { ...(await extractPdf(bytes)), encoding: "pdf" }
      : { text: await extractDocx(bytes), encoding: "docx" });
  const { text, encoding, pages } = extracted;
  return { source, text, encoding, hash, noise: findNoise(text), ...(pages ? { pages } : {}) };
}

/** Reads every source of a folder; unreadable or empty files are reported, never thrown. */
export async function readSources(
  dir: string,
  cached?: (hash: string) => ExtractedText | undefined,
): Promise<{ sources: SourceText[]; problems: SourceProblem[] }> {
  const sources: SourceText[] = [];
  const problems: SourceProblem[] = [];
  for (const file of listSources(dir)) {
    try {
      const bytes = readFileSync(join(dir, file));
      if (bytes.length > MAX_SOURCE_BYTES) {
        problems.push({
          source: file,
          code: "too-large",
          message: `skipped: larger than ${MAX_SOURCE_BYTES} bytes`,
        });
        continue;
      }
      const src = await readSourceText(file, bytes, cached);
      if (src.text.trim() === "") {
        problems.push({ source: file, code: "empty", message: "skipped: the file has no text" });
        continue;
      }
      if (looksBinary(src.text)) {
        problems.push({ source: file, code: "binary", message: "skipped: the file is binary, not text" });
        continue;
      }
      sources.push(src);
    } catch (err) {
      const code = err instanceof SourceFormatError ? err.code : "unreadable";
      problems.push({ source: file, code, message: `skipped: ${(err as Error).message}` });
    }
  }
  return { sources, problems };
}
