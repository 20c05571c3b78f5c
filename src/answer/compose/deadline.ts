/** Deadlines of a measure ("2018年6月前", "年内", "完成时限:…"), each cited. */
import type { Span } from "../../types.js";
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
    const text = ctx.kb.source(doc.source).text;
    // One line per sentence, with every deadline it states.
    const bySentence = new Map<string, { span: Span; texts: string[] }>();
    for (const d of measure.deadlines) {
      const span = ctx.kb.sentenceAround(doc.source, d);
      const key = `${span.start}:${span.end}`;
      const entry = bySentence.get(key) ?? { span, texts: [] };
      entry.texts.push(d.text);
      bySentence.set(key, entry);
    }
    const items = [...bySentence.values()].map(({ span, texts }) => {
      const n = ctx.cites.cite(doc, span, measure);
      const when = texts.map((x) => `**${x}**`).join(t(ctx, "、", ", "));
      return `- ${when}${t(ctx, "：", ": ")}${excerpt(text.slice(span.start, span.end), 140)} [${n}]`;
    });
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
