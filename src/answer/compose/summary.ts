/** A summary of a measure: what (its key sentences, verbatim), who leads, deadlines. */
import { sentenceSpans } from "../../structure/sentences.js";
import { englishGlossesIn } from "../glossary.js";
import { docName, excerpt, leadsPhrase, measureName } from "../render.js";
import { type ComposeContext, type Composed, type Target, t } from "./context.js";

/** Key sentences of a measure: its first sentences after the heading, at most `max`. */
function keySentences(ctx: ComposeContext, { doc, measure }: Target, max: number) {
  const masked = ctx.kb.masked(doc.source);
  return sentenceSpans(masked, measure.start, measure.end)
    .filter((s) => s.end > measure.titleSpan.end + 1) // not the heading itself
    .filter((s) => !/^[(（][^()（）]*[)）][。.]?$/.test(masked.slice(s.start, s.end).trim())) // not a bare lead annotation
    .filter((s) => s.end - s.start >= 6)
    .slice(0, max);
}

function summarizeOne(ctx: ComposeContext, target: Target): string {
  const { doc, measure } = target;
  const text = ctx.kb.source(doc.source).text;
  const whole = ctx.cites.cite(doc, measure, measure);
  const lines: string[] = [
    t(
      ctx,
      `**${docName(doc)}${measureName(measure, "zh")}**[${whole}]`,
      `**${docName(doc)} — ${measureName(measure, "en")}** [${whole}]`,
    ),
  ];
  if (ctx.lang === "en") {
    const topics = englishGlossesIn(text.slice(measure.start, measure.end));
    if (topics.length) lines.push(`- Topics: ${topics.join(", ")}`);
  }
  // An article of a law is short and read whole; a plan's measure by its first sentences.
  const article = doc.measureStyle === "article" && measure.end - measure.start <= 1500;
  const sentences = keySentences(ctx, target, article ? 30 : 4);
  const points = sentences.map((s) => {
    const n = ctx.cites.cite(doc, s, measure);
    return `  - ${excerpt(text.slice(s.start, s.end), article ? 400 : 120)} [${n}]`;
  });
  if (points.length) lines.push(t(ctx, "- 主要内容（原文）：", "- Main points (verbatim):"), ...points);
  // A law's article names duties in its own words: no "no lead named" line.
  if (doc.measureStyle === "article" && measure.leads.length === 0) return lines.join("\n");
  lines.push(
    measure.leads.length
      ? t(
          ctx,
          `- 责任：${leadsPhrase(measure.leads, "zh")}[${whole}]`,
          `- Responsible: ${leadsPhrase(measure.leads, "en")} [${whole}]`,
        )
      : t(ctx, `- 责任：文中未写明牵头单位[${whole}]`, `- Responsible: the text names no lead [${whole}]`),
  );
  if (measure.deadlines.length) {
    lines.push(
      t(ctx, "- 时限：", "- Deadlines: ") +
        measure.deadlines
          .map((d) => `${d.text} [${ctx.cites.cite(doc, d, measure)}]`)
          .join(t(ctx, "；", "; ")),
    );
  }
  return lines.join("\n");
}

/** Summaries of one or more measures. */
export function summarize(ctx: ComposeContext, targets: Target[]): Composed {
  return { found: true, answer: targets.map((x) => summarizeOne(ctx, x)).join("\n\n") };
}
