/** Sentence spans of a masked text range: split after 。！？；!?; and at line breaks. */
import type { Span } from "../types.js";

/** Splits [start, end) of a masked text into trimmed, non-empty sentence spans. */
export function sentenceSpans(masked: string, start: number, end: number): Span[] {
  const out: Span[] = [];
  let s = start;
  const push = (a: number, b: number) => {
    while (a < b && /\s/.test(masked[a]!)) a++;
    while (b > a && /\s/.test(masked[b - 1]!)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (let i = start; i < end; i++) {
    const ch = masked[i]!;
    if ("。！？；!?;".includes(ch)) {
      // Keep a closing bracket or quote that follows the stop with its sentence.
      let j = i + 1;
      while (j < end && "”’」』）)".includes(masked[j]!)) j++;
      push(s, j);
      s = j;
      i = j - 1;
    } else if (ch === "\n") {
      // PDF text breaks lines (and even leaves blank lines) inside sentences: a line break ends
      // a sentence only after closing punctuation, or after a heading-like line (short, no stop).
      const before = masked.slice(s, i).trimEnd();
      const lineStart = masked.lastIndexOf("\n", i - 1) + 1;
      const line = masked.slice(Math.max(lineStart, s), i).trim();
      const heading = line.length > 0 && line.length <= 40 && !/[，,、。；;：:]/.test(line);
      if (before.trim() === "" || /[。！？；!?;)）”:：]$/.test(before) || heading) {
        push(s, i);
        s = i + 1;
      }
    }
  }
  push(s, end);
  return out;
}
