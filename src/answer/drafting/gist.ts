/**
 * The one-line gist of a measure, extractive: the measure's own heading, or its first clause when
 * the heading runs on — verbatim words of the source, cut only at a clause end. Pure.
 */
import type { Measure, Span } from "../../types.js";

/** A heading longer than this (characters, whitespace not counted) is cut at a clause end. */
export const GIST_MAX_CHARS = 32;
/** A clause shorter than this does not make a gist on its own ("一是,"): the cut moves on. */
export const GIST_MIN_CHARS = 6;

/** Punctuation that ends a clause (the enumeration comma 、 does not: it joins a list). */
const CLAUSE_END = /[，,；;：:。！!？?]/;
const TRAILING_PUNCT = /[\s，,；;：:。！!？?、]+$/;

/** The span of a measure's gist in `text` (offsets into the source, so the words stay verbatim). */
export function gistSpan(text: string, measure: Pick<Measure, "titleSpan" | "start" | "end">): Span {
  const { start } = measure.titleSpan;
  let end = Math.max(start, Math.min(measure.titleSpan.end, measure.end));
  if (end === start) end = Math.min(measure.end, start + GIST_MAX_CHARS);
  const heading = text.slice(start, end);
  if (visibleLength(heading) > GIST_MAX_CHARS) {
    let seen = 0;
    for (let i = 0; i < heading.length; i++) {
      const ch = heading[i]!;
      if (!/\s/.test(ch)) seen++;
      if (CLAUSE_END.test(ch) && seen > GIST_MIN_CHARS) {
        end = start + i;
        break;
      }
    }
  }
  // A bracket the gist opens but does not close is a lead annotation cut in half: drop it.
  const open = unclosedBracket(text.slice(start, end));
  if (open > 0) end = start + open;
  end = start + text.slice(start, end).replace(TRAILING_PUNCT, "").length;
  return { start, end };
}

/** The gist as displayed: the verbatim words with line breaks and stray spaces collapsed. */
export function gistText(text: string, span: Span): string {
  return text
    .slice(span.start, span.end)
    .replace(/\s+/g, (ws, at: number, all: string) =>
      /[A-Za-z0-9]/.test(all[at - 1] ?? "") && /[A-Za-z0-9]/.test(all[at + ws.length] ?? "") ? " " : "",
    );
}

function visibleLength(s: string): number {
  return s.replace(/\s+/g, "").length;
}

/** Offset of the last opening bracket that is never closed in `s`; -1 when all are closed. */
function unclosedBracket(s: string): number {
  const stack: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(" || s[i] === "（") stack.push(i);
    else if ((s[i] === ")" || s[i] === "）") && stack.length) stack.pop();
  }
  return stack.length ? stack[0]! : -1;
}
