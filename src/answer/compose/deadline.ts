/** Deadlines of a measure ("2018年6月前", "年内", "完成时限:…"), each cited. */
import type { Measure, PolicyDoc, Span } from "../../types.js";
import { deadlineMonth, dueCutoff, monthLabel } from "../due-date.js";
import { docName, excerpt, measureName } from "../render.js";
import { type ComposeContext, type Composed, type Target, t } from "./context.js";

export function deadlinesOf(ctx: ComposeContext, targets: Target[]): Composed {
  const lines = targets.map(({ doc, measure }) => {
    if (measure.deadlines.length === 0) {
      const n = ctx.cites.cite(doc, measure, measure);
      return t(
        ctx,
        `${docName(doc)}${measureName(measure, "zh")}没有写明完成时限[${n}]。`,
        `${docName(doc)}, ${measureName(measure, "en")}, states no deadline [${n}].`,
      );
    }
    const items = deadlineLines(ctx, doc, measure).map((line) => `- ${line}`);
    return [
      t(
        ctx,
        `${docName(doc)}${measureName(measure, "zh")}的时限：`,
        `Deadlines in ${docName(doc)}, ${measureName(measure, "en")}:`,
      ),
      ...items,
    ].join("\n");
  });
  return { found: true, answer: lines.join("\n\n") };
}

/** One line per sentence of the measure that states deadlines: "**2018年6月前**：<excerpt> [n]". */
function deadlineLines(ctx: ComposeContext, doc: PolicyDoc, measure: Measure, max = 140): string[] {
  const text = ctx.kb.source(doc.source).text;
  const bySentence = new Map<string, { span: Span; texts: string[] }>();
  for (const d of measure.deadlines) {
    const span = ctx.kb.sentenceAround(doc.source, d);
    const key = `${span.start}:${span.end}`;
    const entry = bySentence.get(key) ?? { span, texts: [] };
    entry.texts.push(d.text);
    bySentence.set(key, entry);
  }
  return [...bySentence.values()].map(({ span, texts }) => {
    const n = ctx.cites.cite(doc, span, measure);
    const when = texts.map((x) => `**${x}**`).join(t(ctx, "、", ", "));
    return `${when}${t(ctx, "：", ": ")}${excerpt(text.slice(span.start, span.end), max)} [${n}]`;
  });
}

/** Every deadline a document's measures state, measure by measure; the rest counted, not listed. */
export function deadlinesOfDoc(ctx: ComposeContext, doc: PolicyDoc): Composed {
  const dated = doc.measures.filter((m) => m.deadlines.length > 0);
  if (dated.length === 0) {
    return {
      found: true,
      answer: t(
        ctx,
        `${docName(doc)}的${doc.measures.length}项措施都没有写明完成时限。`,
        `None of the ${doc.measures.length} measures of ${docName(doc)} states a deadline.`,
      ),
    };
  }
  const blocks = dated.map((m) => {
    const lines = deadlineLines(ctx, doc, m, 100);
    return [`- ${measureName(m, ctx.lang)}`, ...lines.map((l) => `  - ${l}`)].join("\n");
  });
  const rest = doc.measures.length - dated.length;
  const head = t(
    ctx,
    `${docName(doc)}共${doc.measures.length}项措施，其中${dated.length}项写明了时限：`,
    `${docName(doc)} has ${doc.measures.length} measures; ${dated.length} state a deadline:`,
  );
  const tail =
    rest > 0 ? t(ctx, `其余${rest}项没有写明完成时限。`, `The other ${rest} state no deadline.`) : "";
  return { found: true, answer: [head, ...blocks, tail].filter(Boolean).join("\n") };
}

/** The year a document speaks from (its dates, else its title's year): "年内" is that year. */
function docYear(doc: PolicyDoc): number | undefined {
  const dated = doc.dates.find((d) => d.kind !== "mentioned");
  const year = dated ? Number(dated.iso.slice(0, 4)) : Number(/(?:19|20)\d{2}/.exec(doc.title)?.[0]);
  return Number.isFinite(year) ? year : undefined;
}

/**
 * "2018年6月前要完成哪些工作", "what is due by June 2018": the measures with a deadline at or before
 * the month asked, each with its dated sentences; null when the question names no cut-off.
 */
export function dueBy(ctx: ComposeContext, docs: PolicyDoc[]): Composed | null {
  const scope = docs.length ? docs : ctx.kb.docs;
  if (dueCutoff(ctx.question, docYear(scope[0]!)) === null) return null;
  const blocks: string[] = [];
  let asked = "";
  for (const doc of scope) {
    const year = docYear(doc);
    const cutoff = dueCutoff(ctx.question, year)!;
    asked = monthLabel(cutoff, ctx.lang);
    const due = doc.measures.filter((m) =>
      m.deadlines.some((d) => {
        const at = deadlineMonth(d.text, year);
        return at !== null && at <= cutoff;
      }),
    );
    if (due.length === 0) continue;
    const lines = due.map((m) => {
      const dated = deadlineLines(ctx, doc, m, 120).map((l) => `  - ${l}`);
      return [`- ${measureName(m, ctx.lang)}${leadsNote(ctx, m)}`, ...dated].join("\n");
    });
    blocks.push(
      [
        t(
          ctx,
          `${docName(doc)}中时限在${asked}或之前的措施有${due.length}项：`,
          `${docName(doc)}: ${due.length} measure${due.length > 1 ? "s" : ""} due by ${asked}:`,
        ),
        ...lines,
      ].join("\n"),
    );
  }
  if (blocks.length === 0) {
    return {
      found: false,
      answer: t(
        ctx,
        `${docs.length === 1 ? docName(docs[0]!) : "现有文件"}中没有时限在${asked}或之前的措施。`,
        `No measure in ${docs.length === 1 ? docName(docs[0]!) : "the indexed documents"} is due by ${asked}.`,
      ),
    };
  }
  return { found: true, answer: blocks.join("\n\n") };
}

/** "（综合处）" after a measure's name: who delivers it. */
function leadsNote(ctx: ComposeContext, m: Measure): string {
  if (m.leads.length === 0) return "";
  const names = m.leads.map((l) => l.name).join(t(ctx, "、", ", "));
  return t(ctx, `（${names}）`, ` (${names})`);
}
