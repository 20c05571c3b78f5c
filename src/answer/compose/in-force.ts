/**
 * When a document is in force and for how long: the sentence that says so, quoted ("本法自2006年3月
 * 1日起施行", "本通知自印发之日起施行，有效期5年"), with the date it names or refers to.
 */
import type { PolicyDoc, Span } from "../../types.js";
import { docName, excerpt } from "../render.js";
import type { ComposeContext } from "./context.js";
import { t } from "./context.js";

/** Words stating entry into force or validity (found first, then grown to their sentence). */
const IN_FORCE = /自[^。\n]{1,30}?起[^。\n]{0,12}?(?:施行|实施|执行|生效)|有效期/g;

/** The sentence around [at, end): back to the stop before it, on to the stop after it (one line). */
function sentenceAround(text: string, at: number, end: number): Span {
  let a = at;
  while (a > 0 && at - a < 200 && !"。\n;；".includes(text[a - 1]!)) a--;
  let b = end;
  while (b < text.length && b - end < 200 && !"。\n".includes(text[b]!)) b++;
  if (text[b] === "。") b++;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return { start: a, end: b };
}

/** A validity stated as a value: "有效期5年", "有效期为三年", "有效期至2026年12月31日". */
const VALIDITY_VALUE = /有效期(?:为|是)?\s*(?:至|到)?\s*(?:\d|[一二三四五六七八九十两])/;

/**
 * The sentence of a document that says when it is in force, scored: the document's own ("本办法
 * 自…", not a contract's "在有效期内"), stating a value, in the body after the cover letter.
 */
export function inForceSentences(masked: string, doc: PolicyDoc, validity: boolean): Span[] {
  let best: { span: Span; score: number } | null = null;
  const bodyStart = doc.measures[0]?.start ?? 0;
  for (const m of masked.matchAll(IN_FORCE)) {
    const span = sentenceAround(masked, m.index, m.index + m[0].length);
    const text = masked.slice(span.start, span.end);
    if (validity && !/有效期/.test(text)) continue;
    // "本法自…", "本通知自印发之日起施行": the document itself, not one of its provisions.
    const own = /^(第[^条]{1,8}条\s*)?本|^[一二三四五六七八九十]{1,3}[、.．]\s*本|^\S{0,4}本/.test(
      text.trim(),
    );
    const states = validity ? VALIDITY_VALUE.test(text) : /自[^。\n]{1,30}?起/.test(text);
    const score =
      (own ? 2 : 0) +
      (states ? 3 : 0) +
      (doc.measures.length === 0 || span.start >= bodyStart ? 1 : 0) +
      span.start / Math.max(1, masked.length);
    if (!best || score > best.score) best = { span, score };
  }
  return best ? [best.span] : [];
}

/** Lines answering "什么时候施行 / 有效期多长" for each document; empty when none says. */
export function inForceLines(ctx: ComposeContext, docs: PolicyDoc[], validity: boolean): string[] {
  const lines: string[] = [];
  for (const d of docs) {
    const masked = ctx.kb.masked(d.source);
    const [span] = inForceSentences(masked, d, validity);
    if (!span) continue;
    const quote = excerpt(ctx.kb.source(d.source).text.slice(span.start, span.end), 500);
    const n = ctx.cites.cite(d, span);
    const date = d.dates.find((x) => x.kind === "effective");
    const when = date && !validity ? t(ctx, `（**${date.text}**）`, ` (**${date.text}**)`) : "";
    lines.push(t(ctx, `${docName(d)}${when}：「${quote}」[${n}]`, `${docName(d)}${when}: “${quote}” [${n}]`));
  }
  return lines;
}
