/**
 * Reads the sources folder: every text, Markdown, HTML, PDF and Word (.docx) file, turned into
 * text, hashed (the file's bytes), noise marked. PDF and Word files are read through their
 * extractors (pdf.ts, docx.ts); their extracted text is the SourceText every offset points into.
 */
import { createHash } from "node:crypto";
import type { SourceText, Span } from "../types.js";
import { looksBinary } from "./binary.js";
import { decodeBytes } from "./decode.js";
import { extractDocx } from "./docx.js";
import { findHtmlNoise } from "./html.js";
import { findNoise } from "./noise.js";
import { extractPdf } from "./pdf.js";
import { listSourceFiles, readSourceFile } from "./source-files.js";
import { SourceFormatError, type SourceProblem } from "./source-problem.js";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from "./zip-budget.js";

export { SOURCE_EXTENSIONS } from "./source-files.js";
export type { SourceProblem } from "./source-problem.js";

/** Largest file accepted (bytes); bigger files are skipped with a problem, before they are read. */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

/** Longest text a file may give (characters, after decoding or extraction); longer ones are skipped. */
export const MAX_SOURCE_CHARS = 32 * 1024 * 1024;

/** Lists the indexable regular files of a folder (not recursive, links left out), sorted by name. */
export function listSources(dir: string): string[] {
  return listSourceFiles(dir).files;
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

/** What a file may cost to read. */
export interface SourceLimits {
  /** Largest file, in bytes (MAX_SOURCE_BYTES). */
  maxBytes: number;
  /** Longest text, in characters (MAX_SOURCE_CHARS). */
  maxChars: number;
  /** What a Word file's package may inflate to (zip-budget.ts). */
  archive: ArchiveLimits;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxBytes: MAX_SOURCE_BYTES,
  maxChars: MAX_SOURCE_CHARS,
  archive: DEFAULT_ARCHIVE_LIMITS,
};

/**
 * Any source file's bytes as a SourceText: PDF and Word files through their extractors (the PDF's
 * page spans kept), other files decoded. Throws a SourceFormatError for an unreadable PDF or docx,
 * a Word package over the archive budget, or a text over `limits.maxChars`.
 * `cached` may give the text already extracted from the same bytes (extraction is deterministic),
 * so that a saved index spares extracting every PDF again at start-up.
 */
export async function readSourceText(
  source: string,
  bytes: Uint8Array,
  cached?: (hash: string) => ExtractedText | undefined,
  limits: SourceLimits = DEFAULT_SOURCE_LIMITS,
): Promise<SourceText> {
  if (!isExtracted(source)) {
    if (bytes.length > limits.maxChars * 4) throw tooLong(limits);
    const src = toSourceText(source, bytes);
    if (src.text.length > limits.maxChars) throw tooLong(limits);
    return src;
  }
  const hash = hashBytes(bytes);
  const extracted: ExtractedText =
    cached?.(hash) ??
    (/\.pdf$/i.test(source)
      ? { ...(await extractPdf(bytes)), encoding: "pdf" }
      : { text: await extractDocx(bytes, limits.archive), encoding: "docx" });
  const { text, encoding, pages } = extracted;
  if (text.length > limits.maxChars) throw tooLong(limits);
  return { source, text, encoding, hash, noise: findNoise(text), ...(pages ? { pages } : {}) };
}

function tooLong(limits: SourceLimits): SourceFormatError {
  return new SourceFormatError("too-large", `its text is longer than ${limits.maxChars} characters`);
}

export interface ReadSourcesOptions {
  /** The text already extracted from a PDF or Word file with this hash (a saved index's). */
  cached?: (hash: string) => ExtractedText | undefined;
  /**
   * Use only extracted texts that `cached` gives: a PDF or Word file without one is skipped (with a
   * problem) instead of being extracted — how the main thread reads what the build worker vetted.
   */
  cachedOnly?: boolean;
  /** Files not to read at all (an earlier pass reported them). */
  skip?: ReadonlySet<string>;
  /** Called before each file is read (the build worker reports it to its watchdog). */
  onFile?: (source: string) => void;
  limits?: SourceLimits;
}

/**
 * Reads every source of a folder; links, unreadable, oversized or empty files are reported, never
 * thrown. Throws only when the folder itself cannot be listed.
 */
export async function readSources(
  dir: string,
  options: ReadSourcesOptions = {},
): Promise<{ sources: SourceText[]; problems: SourceProblem[] }> {
  const limits = options.limits ?? DEFAULT_SOURCE_LIMITS;
  const sources: SourceText[] = [];
  const listing = listSourceFiles(dir);
  const problems: SourceProblem[] = listing.problems.filter((p) => !options.skip?.has(p.source));
  for (const file of listing.files) {
    if (options.skip?.has(file)) continue;
    options.onFile?.(file);
    try {
      const bytes = readSourceFile(dir, file, limits.maxBytes);
      if (options.cachedOnly && isExtracted(file) && !options.cached?.(hashBytes(bytes))) {
        problems.push({
          source: file,
          code: "unreadable",
          message: "skipped: it changed while the index was being built; it is read on the next reload",
        });
        continue;
      }
      const src = await readSourceText(file, bytes, options.cached, limits);
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
