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
export function inForceSentences(
  masked: string,
  doc: PolicyDoc,
  validity: boolean,
  /** What else the question says ("2026年…的修正", "the 2021 amendment"), each word with its other forms. */
  asked: string[][] = [],
): Span[] {
  let best: { span: Span; score: number } | null = null;
  const bodyStart = doc.measures[0]?.start ?? 0;
  for (const m of masked.matchAll(IN_FORCE)) {
    const span = sentenceAround(masked, m.index, m.index + m[0].length);
    const text = masked.slice(span.start, span.end);
    const plain = text.normalize("NFKC");
    if (validity && !/有效期/.test(text)) continue;
    // "本法自…", "本通知自印发之日起施行": the document itself, not one of its provisions.
    const own = /^(第[^条]{1,8}条\s*)?本|^[一二三四五六七八九十]{1,3}[、.．]\s*本|^\S{0,4}本/.test(
      text.trim(),
    );
    const states = validity ? VALIDITY_VALUE.test(text) : /自[^。\n]{1,30}?起/.test(text);
    // "在交强险合同有效期内" says neither when nor how long.
    if (!states) continue;
    const score =
      (own ? 2 : 0) +
      (doc.measures.length === 0 || span.start >= bodyStart ? 1 : 0) +
      span.start / Math.max(1, masked.length) +
      // The amendment, the year or the part the question asks about outweighs the document's own line.
      (asked.length > 0
        ? (4 * asked.filter((forms) => forms.some((f) => plain.includes(f))).length) / asked.length
        : 0);
    if (!best || score > best.score) best = { span, score };
  }
  return best ? [best.span] : [];
}

/** Words that ask when or how long, not what about. */
const CUE = /施行|实施|执行|生效|有效期?|什么|时候|哪天|哪一天|天起|开始|多久|多长|时间|这个|这份|文件/;

/**
 * What a question about entry into force asks besides the document: its Chinese words not in the
 * title, its English words' renderings, and the years it names ("2026年对这个解释的修正" → 修正, 2026).
 */
function askedBesides(ctx: ComposeContext, doc: PolicyDoc): string[][] {
  const q = ctx.question.normalize("NFKC");
  const title = doc.title;
  const years = (q.match(/(?:19|20)\d{2}/g) ?? []).map((y) => [y]);
  const words =
    ctx.lang === "en"
      ? ctx.kb
          .englishAlternatives(q)
          .map((zh) => zh.filter((w) => !title.includes(w) && !CUE.test(w)))
          .filter((zh) => zh.length > 0 && zh.length < 6)
      : ctx.kb
          .tokenize(q)
          .filter((w) => /^[\u4e00-\u9fa5]{2,}$/.test(w) && !title.includes(w) && !CUE.test(w))
          .map((w) => [w]);
  return [...years, ...words];
}

/** Lines answering "什么时候施行 / 有效期多长" for each document; empty when none says. */
export function inForceLines(ctx: ComposeContext, docs: PolicyDoc[], validity: boolean): string[] {
  const lines: string[] = [];
  for (const d of docs) {
    const masked = ctx.kb.masked(d.source);
    const [span] = inForceSentences(masked, d, validity, askedBesides(ctx, d));
    if (!span) continue;
    const quote = excerpt(ctx.kb.source(d.source).text.slice(span.start, span.end), 500);
    const n = ctx.cites.cite(d, span);
    // The date the quoted sentence states; the document's date of entry into force only when the
    // sentence refers to one ("自印发之日起施行"), never one that contradicts the quote.
    const stated = /自\s*((?:19|20|１９|２０)[\d０-９]{2}\s*年[\d０-９]{1,2}\s*月[\d０-９]{1,2}\s*日)/.exec(
      quote,
    )?.[1];
    const date = stated
      ? { text: stated.normalize("NFKC").replace(/\s+/g, "") }
      : d.dates.find((x) => x.kind === "effective");
    const when = date && !validity ? t(ctx, `（**${date.text}**）`, ` (**${date.text}**)`) : "";
    lines.push(t(ctx, `${docName(d)}${when}：「${quote}」[${n}]`, `${docName(d)}${when}: “${quote}” [${n}]`));
  }
  return lines;
}
