/**
 * The budget of an archive (a .docx is a ZIP package), checked from its central directory BEFORE
 * anything is inflated: a 918 KB .docx whose word/document.xml inflates to 300 MB must be refused
 * here, not discovered by the parser running out of memory. Pure: reads the bytes, inflates nothing.
 *
 * The sizes are those the archive declares; an archive that lies about them is caught by the
 * build worker's memory limit and time budget (build-in-worker.ts), the last line of defence.
 */
import { SourceFormatError } from "./source-problem.js";

export interface ArchiveLimits {
  /** Largest total uncompressed size of all entries, in bytes. */
  maxUncompressedBytes: number;
  /** Largest ratio of an entry's uncompressed to compressed size. */
  maxRatio: number;
  /** Most entries. */
  maxEntries: number;
}

/** 100 MB inflated, 100:1, 10,000 parts: far above any real Word file (a 300-page report is ~5 MB, ~10:1). */
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxUncompressedBytes: 100 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 10_000,
};

/** An entry of the central directory. */
export interface ZipEntry {
  name: string;
  compressed: number;
  uncompressed: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
/** Entries smaller than this are not held to the ratio (a tiny XML part compresses 200:1 legitimately). */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** The central directory's entries; throws a SourceFormatError "corrupt" when it cannot be read. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is in the last 22 + 65,535 (comment) bytes.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw corrupt("its table of contents (ZIP central directory) is missing");
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) {
      throw corrupt("its table of contents (ZIP central directory) is damaged");
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      compressed: view.getUint32(at + 20, true),
      uncompressed: view.getUint32(at + 24, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Throws a SourceFormatError ("over-budget") when the archive would inflate beyond `limits`, or
 * ("corrupt") when its directory cannot be read.
 */
export function checkArchiveBudget(bytes: Uint8Array, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): void {
  const entries = zipEntries(bytes);
  if (entries.length > limits.maxEntries) {
    throw overBudget(`the archive holds ${entries.length} parts (at most ${limits.maxEntries} are read)`);
  }
  let total = 0;
  for (const e of entries) {
    // ZIP64 marks sizes over 4 GB with 0xFFFFFFFF: over any budget.
    total += e.uncompressed === 0xffffffff ? Number.POSITIVE_INFINITY : e.uncompressed;
    const ratio = e.uncompressed / Math.max(1, e.compressed);
    if (e.uncompressed > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
      throw overBudget(
        `its part ${e.name.slice(0, 80)} would inflate ${Math.round(ratio)} times (${mb(e.uncompressed)}); ` +
          `at most ${limits.maxRatio}:1 is read — a "zip bomb" or a damaged file`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw overBudget(
      `it would inflate to ${mb(total)} (at most ${mb(limits.maxUncompressedBytes)} is read); ` +
        "save it again without embedded media or split it",
    );
  }
}

function mb(bytes: number): string {
  return Number.isFinite(bytes) ? `${Math.round(bytes / (1024 * 1024))} MB` : "over 4 GB";
}

function corrupt(why: string): SourceFormatError {
  return new SourceFormatError("corrupt", `the Word file cannot be read: ${why}; it may be damaged`);
}

function overBudget(why: string): SourceFormatError {
  return new SourceFormatError("over-budget", `the Word file is not read: ${why}`);
}
