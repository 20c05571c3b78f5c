/** Deadlines of a measure ("2018年6月前", "年内", "完成时限:…"), each cited. */
import type { Measure, PolicyDoc, Span } from "../../types.js";
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
