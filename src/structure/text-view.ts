/**
 * Views of a source text for parsing, with offsets that always map back to the original:
 * - `maskNoise` blanks noise spans with spaces (same length, newlines kept), so lines and
 *   offsets of the masked text are those of the source;
 * - `CleanView` drops whitespace (PDF breaks, stray spaces between characters) and folds
 *   full-width forms ("（" → "(", "：" → ":", "１" → "1"), remembering each character's
 *   original span, so patterns are written once for ASCII and full-width punctuation.
 */
import { HAS_BLOCK_TAG } from "../ingest/html.js";
import type { NoiseSpan, Span } from "../types.js";

/** The text with every noise span replaced by spaces (block-level HTML tags by a line break). */
export function maskNoise(text: string, noise: readonly NoiseSpan[]): string {
  if (noise.length === 0) return text;
  let out = "";
  let pos = 0;
  for (const n of noise) {
    out += text.slice(pos, n.start);
    const chunk = text.slice(n.start, n.end);
    const blank = chunk.replace(/[^\n\r]/g, " ");
    out += HAS_BLOCK_TAG.test(chunk) && !blank.includes("\n") ? `\n${blank.slice(1)}` : blank;
    pos = n.end;
  }
  return out + text.slice(pos);
}

const ASCII_WORD = /[A-Za-z0-9]/;

/** Whitespace and the invisible characters that stand for none (zero-width space, BOM). */
function isBlank(ch: string): boolean {
  return ch === "\u200b" || ch === "\ufeff" || /\s/u.test(ch);
}

/** Whitespace-free text with full-width forms folded, and a map back to source offsets. */
export class CleanView {
  /** The folded text. */
  readonly text: string;
  private readonly starts: number[];
  private readonly ends: number[];

  private constructor(text: string, starts: number[], ends: number[]) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
  }

  /** Builds the view of `source[start, end)`; `source` should already be masked. */
  static of(source: string, start = 0, end = source.length): CleanView {
    // Characters are collected and joined once: `text += ch` would leave a rope of one node per
    // character (tens of bytes each) until something flattens it.
    const parts: string[] = [];
    let last = "";
    const starts: number[] = [];
    const ends: number[] = [];
    let i = start;
    while (i < end) {
      const cp = source.codePointAt(i)!;
      const len = cp > 0xffff ? 2 : 1;
      const ch = String.fromCodePoint(cp);
      if (isBlank(ch)) {
        // A run of blanks is skipped at once (scanning to its end from each of its characters
        // was quadratic); one space is kept between two ASCII words ("Powered by").
        let j = i + len;
        while (j < end && isBlank(source[j]!)) j++;
        const next = source[j];
        if (last && next && ASCII_WORD.test(last) && ASCII_WORD.test(next)) {
          parts.push(" ");
          last = " ";
          starts.push(i);
          ends.push(i + len);
        }
        i = j;
        continue;
      }
      // Full-width forms only (U+FF01–U+FF5E → ASCII): ①, ℃ and the like keep their shape.
      const out = cp >= 0xff01 && cp <= 0xff5e ? String.fromCharCode(cp - 0xfee0) : ch;
      parts.push(out);
      last = out[out.length - 1]!;
      starts.push(i);
      ends.push(i + len);
      i += len;
    }
    return new CleanView(parts.join(""), starts, ends);
  }

  /** Source span of the view's characters [from, to). */
  span(from: number, to: number): Span {
    if (to <= from) {
      const at = from < this.starts.length ? this.starts[from]! : (this.ends[this.ends.length - 1] ?? 0);
      return { start: at, end: at };
    }
    return { start: this.starts[from]!, end: this.ends[to - 1]! };
  }
}

/** Folds one string the way CleanView does (for comparing names and questions). */
export function fold(s: string): string {
  return CleanView.of(s).text;
}
