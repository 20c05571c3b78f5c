/**
 * The source view, `GET /sources/<file>?start=S&end=E[&part=N]`: the source document as an HTML page,
 * every character escaped, with the cited range [S, E) in `<mark id="quote">` and scrolled into view.
 * A long document is shown a part (~PAGE_CHARS characters) at a time: the part holding the quote.
 * Only files in the indexed sources list are served (exact match: no paths, no traversal).
 */
import type { Request, Response } from "express";
import { pageAt } from "../ingest/pdf-layout.js";
import { isPlainName } from "../ingest/source-files.js";
import type { Span } from "../types.js";
import { HttpError } from "./errors.js";
import { partCount, partSpan, spanForQuote } from "./source-pages.js";

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
 * The source page's HTML: the file name as heading, the text in a `<pre>`, the range marked. A long
 * text is shown in parts of PAGE_CHARS (source-pages.ts): the part holding the quote, or `part`,
 * with links to the previous and next parts; `data-start` on the `<pre>` is then the part's offset. With
 * `pages` (a PDF's page spans) the heading says the quote's page and every page break (the form
 * feed between pages, kept in the text) is drawn as a rule labelled with the next page.
 */
export function renderSourcePage(
  file: string,
  text: string,
  range: QuoteRange | null,
  lang = "zh",
  pages?: readonly Span[],
  part?: number,
): string {
  const parts = partCount(text.length);
  let shown: number;
  let span: Span;
  if (part !== undefined || range === null) {
    shown = Math.min(Math.max(1, part ?? 1), parts);
    span = partSpan(text, shown);
  } else ({ part: shown, span } = spanForQuote(text, range));
  const slice = text.slice(span.start, span.end);
  let body: string;
  if (range !== null && range.start < span.end && range.end > span.start) {
    const a = Math.max(range.start, span.start) - span.start;
    const b = Math.min(range.end, span.end) - span.start;
    body = `${escapeHtml(slice.slice(0, a))}<mark id="quote">${escapeHtml(slice.slice(a, b))}</mark>${escapeHtml(slice.slice(b))}`;
  } else body = escapeHtml(slice);
  const en = lang === "en";
  const pageLabel = (n: number) => (en ? `page ${n}` : `第${n}页`);
  let where = "";
  if (pages && pages.length > 0) {
    let next = pageAt(pages, span.start) ?? 1;
    body = body.replace(/\f/g, () => `<span class="page-break" data-label="${pageLabel(++next)}">\f</span>`);
    const page = range === null ? undefined : pageAt(pages, range.start);
    where =
      page === undefined
        ? `<p class="source-where">${en ? `${pages.length} pages` : `共${pages.length}页`}</p>`
        : `<p class="source-where">${pageLabel(page)}</p>`;
  }
  const nav = parts > 1 ? partsNav(shown, parts, range, en) : "";
  const name = escapeHtml(file);
  return `<!doctype html>
<html lang="${en ? "en" : "zh"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name}</title>
<link rel="stylesheet" href="/web/chat.css">
<script src="/web/source.js" defer></script>
</head>
<body class="source-page">
<header class="source-head"><a href="/" class="back">policybot</a><h1>${name}</h1>${where}${nav}</header>
<pre class="source-text"${parts > 1 ? ` data-start="${span.start}"` : ""}>${body}</pre>
${nav ? `${nav}\n` : ""}</body>
</html>
`;
}

/** Links to the previous and next parts of a long source (the quote's range kept in them). */
function partsNav(part: number, parts: number, range: QuoteRange | null, en: boolean): string {
  const keep = range === null ? "" : `&amp;start=${range.start}&amp;end=${range.end}`;
  const link = (n: number, rel: string, label: string) =>
    n >= 1 && n <= parts ? `<a href="?part=${n}${keep}" rel="${rel}">${label}</a>` : "";
  const here = en ? `part ${part} of ${parts}` : `第${part}/${parts}部分`;
  return `<nav class="source-parts">${link(part - 1, "prev", en ? "previous" : "上一部分")} <span>${here}</span> ${link(part + 1, "next", en ? "next" : "下一部分")}</nav>`;
}

/** Reads `part` from a query: absent → undefined; else a whole number from 1 to `parts`, or 400. */
export function parsePart(query: Record<string, unknown>, parts: number): number | undefined {
  const { part } = query;
  if (part === undefined) return undefined;
  const n = integerParam(part);
  if (n === undefined || n < 1 || n > parts) {
    throw new HttpError(
      400,
      "invalid_request",
      `part must be a whole number from 1 to ${parts}; got ${String(part).slice(0, 20)}.`,
    );
  }
  return n;
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
  // Only a plain name of the folder's own files (no path, no "..") that is indexed: a link in the
  // folder is never indexed (source-files.ts), so nothing outside it can be served.
  const text = isPlainName(file) && options.sources().includes(file) ? options.sourceText(file) : undefined;
  if (text === undefined) throw notFound(file);
  const query = req.query as Record<string, unknown>;
  const range = parseQuoteRange(query, text.length);
  const part = parsePart(query, partCount(text.length));
  const html = renderSourcePage(file, text, range, "zh", options.sourcePages?.(file), part);
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
