/**
 * The parts a long source is shown in by the source view: about PAGE_CHARS characters each, so that
 * a request for a 19.5 MB document renders one part (~200 KB), not all of it. Boundaries are fixed
 * multiples of the part size (never inside a surrogate pair), found in constant time. Pure.
 */
import type { Span } from "../types.js";

/** Characters (UTF-16 code units) of one part of the source view. */
export const PAGE_CHARS = 200_000;

/** How many parts `length` characters are shown in (at least 1). */
export function partCount(length: number, size = PAGE_CHARS): number {
  return Math.max(1, Math.ceil(length / size));
}

/** Moves a boundary off the middle of a surrogate pair. */
function boundary(text: string, at: number): number {
  if (at <= 0 || at >= text.length) return Math.max(0, Math.min(at, text.length));
  const unit = text.charCodeAt(at - 1);
  return unit >= 0xd800 && unit <= 0xdbff ? at - 1 : at;
}

/** The span of part `part` (1-based, clamped to the parts there are). */
export function partSpan(text: string, part: number, size = PAGE_CHARS): Span {
  const n = Math.min(Math.max(1, Math.floor(part)), partCount(text.length, size));
  return { start: boundary(text, (n - 1) * size), end: boundary(text, n * size) };
}

/** The part (1-based) that holds `offset`. */
export function partAt(text: string, offset: number, size = PAGE_CHARS): number {
  const guess = Math.min(partCount(text.length, size), Math.floor(offset / size) + 1);
  // A boundary moved back by one (a surrogate pair) may leave `offset` in the next part.
  return offset >= partSpan(text, guess, size).end ? guess + 1 : guess;
}

/**
 * The span shown for a quote [start, end): its part, stretched to hold the whole quote when it
 * runs past the part's end (by at most one more part, so that no request renders it all).
 */
export function spanForQuote(text: string, range: Span, size = PAGE_CHARS): { part: number; span: Span } {
  const part = partAt(text, range.start, size);
  const span = partSpan(text, part, size);
  const end = Math.min(text.length, Math.max(span.end, Math.min(range.end, span.start + 2 * size)));
  return { part, span: { start: span.start, end: boundary(text, end) === end ? end : end + 1 } };
}
