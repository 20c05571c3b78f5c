/** Deadlines of a measure ("2018年6月前", "年内", "完成时限:…"), each cited. */
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
    const items = measure.deadlines.map((d) => {
      // Quote the sentence around the deadline so the reader sees what is due.
      const sentence = ctx.kb.sentenceAround(doc.source, d);
      const n = ctx.cites.cite(doc, sentence, measure);
      return `- **${d.text}**：${excerpt(text.slice(sentence.start, sentence.end), 140)} [${n}]`;
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
