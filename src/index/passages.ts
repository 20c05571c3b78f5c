/**
 * Structure-aware passages: each measure is a passage (a long one is split on sentence ends,
 * each part keeping the measure's number); the rest of the document (preamble, introduction,
 * other sections) is split into paragraphs. Passage text is the whitespace-free folded text.
 */
import { splitLines } from "../ingest/noise.js";
import { headingOf, sectionAt } from "../structure/outline-path.js";
import { sentenceSpans } from "../structure/sentences.js";
import { CleanView, maskNoise } from "../structure/text-view.js";
import type { Passage, PolicyDoc, SourceText, Span } from "../types.js";

/** Longest passage, in folded characters, before a measure or paragraph is split. */
export const MAX_PASSAGE_CHARS = 360;

/** Splits a span into chunks of whole sentences of at most `max` folded characters. */
function chunks(masked: string, span: Span, max: number): Span[] {
  const out: Span[] = [];
  let cur: Span | null = null;
  let len = 0;
  for (const s of sentenceSpans(masked, span.start, span.end)) {
    const l = CleanView.of(masked, s.start, s.end).text.length;
    if (cur && len + l > max) {
      out.push(cur);
      cur = null;
      len = 0;
    }
    cur = cur ? { start: cur.start, end: s.end } : { ...s };
    len += l;
  }
  if (cur) out.push(cur);
  return out;
}

/** Builds the passages of one document. Ids are assigned later by the index. */
export function passagesOf(doc: PolicyDoc, src: SourceText): Omit<Passage, "id">[] {
  const masked = maskNoise(src.text, src.noise);
  const out: Omit<Passage, "id">[] = [];
  const make = (span: Span, measure: number | null, section: string) => {
    const text = CleanView.of(masked, span.start, span.end).text;
    if (text.length >= 4) out.push({ source: doc.source, measure, section, text, ...span });
  };
  for (const m of doc.measures) {
    const section = [...m.path, headingOf(m)].join(" > ");
    const whole = CleanView.of(masked, m.start, m.end).text.length;
    if (whole <= MAX_PASSAGE_CHARS * 1.3) make(m, m.number, section);
    else for (const c of chunks(masked, m, MAX_PASSAGE_CHARS)) make(c, m.number, section);
  }
  // Lines come in order: one pointer walks the measures sorted by start (a test of every measure
  // for every line was quadratic on a page of many short measures).
  const byStart = [...doc.measures].sort((a, b) => a.start - b.start);
  let k = 0;
  let reach = 0; // the furthest end of the measures passed so far
  const inMeasure = (a: number, b: number): boolean => {
    while (k < byStart.length && byStart[k]!.start < b) reach = Math.max(reach, byStart[k++]!.end);
    return reach > a;
  };
  for (const line of splitLines(masked)) {
    if (masked.slice(line.start, line.end).trim() === "" || inMeasure(line.start, line.end)) continue;
    const section = sectionAt(doc.outline, line.start).join(" > ");
    for (const c of chunks(masked, line, MAX_PASSAGE_CHARS)) make(c, null, section);
  }
  return out.sort((a, b) => a.start - b.start);
}
