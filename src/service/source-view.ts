/**
 * The source view, `GET /sources/<file>?start=S&end=E`: the whole source document as an HTML page,
 * every character escaped, with the cited range [S, E) in `<mark id="quote">` and scrolled into view.
 * Only files in the indexed sources list are served (exact match: no paths, no traversal).
 */
import type { Request, Response } from "express";
import { pageAt } from "../ingest/pdf-layout.js";
import type { Span } from "../types.js";
import { HttpError } from "./errors.js";

/** CSP of the source page: its own stylesheet and the tiny scroll script, nothing else. */
export const SOURCE_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

/** Escapes `& < > " '` so that text is shown as text in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** A range of a source text to highlight, in UTF-16 code units (the citations' offsets). */
export interface QuoteRange {
  start: number;
  end: number;
}

/**
 * Reads `start` and `end` from a query: both absent → null (no highlight); otherwise both must be
 * decimal integers with 0 ≤ start < end ≤ textLength, else throws 400 `invalid_request`.
 */
export function parseQuoteRange(query: Record<string, unknown>, textLength: number): QuoteRange | null {
  const { start, end } = query;
  if (start === undefined && end === undefined) return null;
  const s = integerParam(start);
  const e = integerParam(end);
  if (s === undefined || e === undefined) {
    throw new HttpError(
      400,
      "invalid_request",
      "start and end must both be given as whole numbers, e.g. ?start=120&end=180.",
    );
  }
  if (!(s < e && e <= textLength)) {
    throw new HttpError(
      400,
      "invalid_request",
      `start and end must satisfy 0 <= start < end <= ${textLength} (the document's length); got ${s} and ${e}.`,
    );
  }
  return { start: s, end: e };
}

function integerParam(value: unknown): number | undefined {
  if (typeof value !== "string" || !/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The source page's HTML: the file name as heading, the text in a `<pre>`, the range marked. With
 * `pages` (a PDF's page spans) the heading says the quote's page and every page break (the form
 * feed between pages, kept in the text) is drawn as a rule labelled with the next page.
 */
export function renderSourcePage(
  file: string,
  text: string,
  range: QuoteRange | null,
  lang = "zh",
  pages?: readonly Span[],
): string {
  let body =
    range === null
      ? escapeHtml(text)
      : `${escapeHtml(text.slice(0, range.start))}<mark id="quote">${escapeHtml(
          text.slice(range.start, range.end),
        )}</mark>${escapeHtml(text.slice(range.end))}`;
  const pageLabel = (n: number) => (lang === "en" ? `page ${n}` : `第${n}页`);
  let where = "";
  if (pages && pages.length > 0) {
    let next = 1;
    body = body.replace(/\f/g, () => `<span class="page-break" data-label="${pageLabel(++next)}">\f</span>`);
    const page = range === null ? undefined : pageAt(pages, range.start);
    where =
      page === undefined
        ? `<p class="source-where">${lang === "en" ? `${pages.length} pages` : `共${pages.length}页`}</p>`
        : `<p class="source-where">${pageLabel(page)}</p>`;
  }
  const name = escapeHtml(file);
  return `<!doctype html>
<html lang="${lang === "en" ? "en" : "zh"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title>
<link rel="stylesheet" href="/web/chat.css">
<script src="/web/source.js" defer></script>
</head>
<body class="source-page">
<header class="source-head"><a href="/" class="back">policybot</a><h1>${name}</h1>${where}</header>
<pre class="source-text">${body}</pre>
</body>
</html>
`;
}

/** What the source view needs: the indexed file names and their texts. */
export interface SourceViewOptions {
  /** The indexed source files (names relative to the sources folder); only these are served. */
  sources: () => string[];
  /** The text of a source (citations' offsets point into it); undefined when it is not loaded. */
  sourceText: (file: string) => string | undefined;
  /** A PDF source's page spans (SourceText.pages), so that the page shows page breaks and numbers. */
  sourcePages?: (file: string) => readonly Span[] | undefined;
}

/**
 * The handler of `GET /sources/<file>`: 404 for a file not exactly in `sources()`, 400 for bad
 * offsets, else the page. Errors are thrown as `HttpError`s for the caller to send.
 */
export function serveSource(
  options: SourceViewOptions,
  req: Request,
  res: Response,
  encodedName: string,
): void {
  let file: string;
  try {
    file = decodeURIComponent(encodedName);
  } catch {
    throw notFound(encodedName);
  }
  const text = options.sources().includes(file) ? options.sourceText(file) : undefined;
  if (text === undefined) throw notFound(file);
  const range = parseQuoteRange(req.query as Record<string, unknown>, text.length);
  const html = renderSourcePage(file, text, range, "zh", options.sourcePages?.(file));
  res.statusCode = 200;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Security-Policy", SOURCE_PAGE_CSP);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", Buffer.byteLength(html));
  res.end(req.method === "HEAD" ? undefined : html);
}

function notFound(file: string): HttpError {
  return new HttpError(
    404,
    "not_found",
    `No indexed source is named "${file.slice(0, 200)}". Use a file name from /policy sources or a citation's link.`,
  );
}
