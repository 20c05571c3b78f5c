/**
 * Why a file of the sources folder is not indexed. Reading never throws for one bad file: the
 * file is skipped with a problem that names it and says what a person can do about it.
 */

/** The kinds of problem, so that each channel can word them in the asker's language. */
export type SourceProblemCode =
  | "too-large" // over MAX_SOURCE_BYTES
  | "empty" // decodes to nothing but whitespace
  | "binary" // bytes that are not text in any encoding we read (an image, an archive)
  | "no-text-layer" // a PDF whose pages hold no text (a scan): it needs OCR first
  | "encrypted" // a PDF that needs a password to open
  | "corrupt" // not a readable PDF or Word file (damaged, truncated, another format)
  | "unreadable" // the file could not be read at all (permissions, I/O)
  | "link" // a symbolic link: never followed, so nothing outside the sources folder is read
  | "over-budget"; // would take more memory or time than a file may (an archive that inflates 100×, a stalled parse)

export interface SourceProblem {
  /** File name relative to the sources folder. */
  source: string;
  code: SourceProblemCode;
  /** A sentence a person can act on, e.g. "skipped: the PDF has no text layer (a scan?) …". */
  message: string;
}

/** Thrown by an extractor (pdf.ts, docx.ts) for a file it cannot turn into text. */
export class SourceFormatError extends Error {
  constructor(
    readonly code: SourceProblemCode,
    message: string,
  ) {
    super(message);
    this.name = "SourceFormatError";
  }
}
