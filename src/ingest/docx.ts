/**
 * The text of a Word (.docx) file through mammoth's extractRawText: one line per paragraph (an
 * empty paragraph is an empty line, as a blank line of a text file), tabs kept. A file that is not
 * a readable .docx throws a SourceFormatError.
 */
import { altChunkText } from "./docx-altchunk.js";
import { SourceFormatError } from "./source-problem.js";
import { type ArchiveLimits, checkArchiveBudget, DEFAULT_ARCHIVE_LIMITS } from "./zip-budget.js";

/** True when the bytes start like a ZIP archive (every .docx is one). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/** Extracts the paragraphs of a .docx as lines. Deterministic: the same bytes give the same text. */
export async function extractDocx(
  bytes: Uint8Array,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<string> {
  if (!looksLikeZip(bytes)) {
    throw new SourceFormatError(
      "corrupt",
      "not a Word .docx file (it is not a ZIP package; an old .doc must be saved as .docx first)",
    );
  }
  // Refused before anything is inflated when the package would inflate beyond the budget.
  checkArchiveBudget(bytes, limits);
  // Loaded on first use: a folder of text files never pays for mammoth.
  const { default: mammoth } = await import("mammoth");
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new SourceFormatError("corrupt", `the Word file cannot be read (${detail}); it may be damaged`);
  }
  // A body that is an embedded web page (altChunk) has no Word paragraphs: read the page instead.
  if (raw.trim() === "") {
    try {
      return await altChunkText(bytes);
    } catch {
      return "";
    }
  }
  // mammoth ends every paragraph with "\n\n" (runs hold no line breaks): one paragraph per line.
  const paragraphs = raw.split("\n\n");
  if (paragraphs.at(-1) === "") paragraphs.pop();
  return paragraphs.length === 0 ? "" : `${paragraphs.join("\n")}\n`;
}
