/**
 * The text layer of a PDF, through pdfjs-dist's legacy (Node) build: no worker thread, no font
 * loading, no eval, no network — character maps and standard font data come from the installed
 * package. The items are laid out by pdf-layout.ts. A PDF with no text at all (a scan), one that
 * needs a password, or one pdfjs cannot parse throws a SourceFormatError saying so.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { type LaidOutText, layOutPages, type PdfTextItem } from "./pdf-layout.js";
import { SourceFormatError } from "./source-problem.js";

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/** True when the bytes start like a PDF ("%PDF-" within the first KiB, as readers allow). */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes("%PDF-");
}

/** Extracts the text of a PDF, page by page. Deterministic: the same bytes give the same text. */
export async function extractPdf(bytes: Uint8Array): Promise<LaidOutText> {
  if (!looksLikePdf(bytes)) {
    throw new SourceFormatError(
      "corrupt",
      "not a PDF file (it does not start with %PDF-); re-export it as PDF",
    );
  }
  // Loaded on first use: a folder of text files never pays for pdfjs.
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    // pdfjs takes ownership of (and detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    cMapUrl: `${join(PDFJS_DIR, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_DIR, "standard_fonts")}/`,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: PdfTextItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(
        content.items
          .filter((i): i is TextItem => "str" in i)
          .map((i) => ({
            str: i.str,
            x: i.transform[4] as number,
            y: i.transform[5] as number,
            width: i.width,
            height: i.height,
            hasEOL: i.hasEOL,
          })),
      );
      page.cleanup();
    }
    const laidOut = layOutPages(pages);
    if (laidOut.text.trim() === "") {
      throw new SourceFormatError(
        "no-text-layer",
        `the PDF has no text layer (${doc.numPages} page${doc.numPages === 1 ? "" : "s"} of images — a scan?); ` +
          "run OCR on it (e.g. ocrmypdf) or add the text version",
      );
    }
    return laidOut;
  } catch (err) {
    throw asSourceError(err);
  } finally {
    await task.destroy();
  }
}

/** pdfjs's errors, named by `name`, as problems a person can act on. */
function asSourceError(err: unknown): SourceFormatError {
  if (err instanceof SourceFormatError) return err;
  const name = (err as { name?: unknown } | null)?.name;
  const detail = err instanceof Error ? err.message : String(err);
  if (name === "PasswordException") {
    return new SourceFormatError(
      "encrypted",
      "the PDF is password-protected; save a copy without a password",
    );
  }
  return new SourceFormatError(
    "corrupt",
    `the PDF cannot be read (${detail}); it may be damaged or truncated`,
  );
}
