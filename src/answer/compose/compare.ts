/**
 * Cross-document comparison on a topic ("浦东和大连在执法检查上的措施有什么不同?"): per named
 * document, the measures whose text holds the topic's words, side by side (grouped by document),
 * each with the sentence that mentions the topic, cited; a document with none says so plainly.
 */
import type { AnswerTableRow, Measure, PolicyDoc, Span } from "../../types.js";
import { plainLeads } from "../drafting/digest-text.js";
import { digestRows } from "../drafting/rows.js";
import { docName, excerpt, leadsPhrase } from "../render.js";
import { withOtherForms } from "../short-forms.js";
import { type ComposeContext, type Composed, t } from "./context.js";

/** The most specific of the topic words: 执法检查 rather than 执法 and 检查. */
export function specificWords(words: string[]): string[] {
  return words.filter((w) => !words.some((o) => o !== w && o.includes(w)));
}

/** The measures of `doc` whose text (whitespace removed) contains one of `topic`, in order. */
export function measuresMentioning(ctx: ComposeContext, doc: PolicyDoc, topic: string[]): Measure[] {
  const text = ctx.kb.source(doc.source).text;
  return doc.measures.filter((m) => {
    const flat = text.slice(m.start, m.end).replace(/\s+/g, "");
    return topic.some((w) => flat.includes(w));
  });
}

/**
 * Where a topic word first stands in a measure's body (whitespace inside the word allowed), else
 * in its heading.
 */
function firstMention(text: string, m: Measure, topic: string[]): Span | null {
  const within = (from: number, to: number): Span | null => {
    let best: Span | null = null;
    for (const w of topic) {
      const re = new RegExp([...w].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s*"), "u");
      const hit = re.exec(text.slice(from, to));
      if (hit && (!best || from + hit.index < best.start)) {
        best = { start: from + hit.index, end: from + hit.index + hit[0].length };
      }
    }
    return best;
  };
  const bodyFrom = Math.min(Math.max(m.titleSpan.end, m.start), m.end);
  return within(bodyFrom, m.end) ?? within(m.start, m.end);
}

export function compareDocs(ctx: ComposeContext, docs: PolicyDoc[], topic: string[]): Composed {
  const asked = specificWords(topic);
  const topicText = asked.join(t(ctx, "、", ", "));
  // The documents' own short forms count as the word (危险化学品 / 危化).
  const words = withOtherForms(asked);
  const blocks: string[] = [];
  const rows: AnswerTableRow[] = [];
  let any = 0;
  for (const doc of docs) {
    const text = ctx.kb.source(doc.source).text;
    const hits = measuresMentioning(ctx, doc, words);
    if (hits.length === 0) {
      blocks.push(
        t(
          ctx,
          `**${docName(doc)}**：没有涉及“${topicText}”的措施。`,
          `**${docName(doc)}**: no measure mentions “${topicText}”.`,
        ),
      );
      rows.push({
        cells: [
          doc.title,
          "—",
          t(ctx, `没有涉及“${topicText}”的措施`, `no measure mentions “${topicText}”`),
          "",
          "",
        ],
        citations: [],
      });
      continue;
    }
    any++;
    const gists = new Map(digestRows(doc, text).map((r) => [r.measure, r.gist]));
    const lines = hits.map((m) => {
      const n = ctx.cites.cite(doc, m, m);
      const who = m.leads.length ? ` — ${leadsPhrase(m.leads, ctx.lang)}` : "";
      const at = firstMention(text, m, words);
      const sentence = at ? ctx.kb.sentenceAround(doc.source, at) : null;
      const s = sentence ? ctx.cites.cite(doc, sentence, m) : null;
      const quote = sentence ? excerpt(text.slice(sentence.start, sentence.end), 160) : "";
      rows.push({
        cells: [
          doc.title,
          String(m.number),
          gists.get(m) ?? m.title,
          m.leads.length ? plainLeads(m.leads, ctx.lang) : "",
          quote,
        ],
        citations: s === null ? [n] : [n, s],
      });
      const line = `- ${m.number}. **${gists.get(m) ?? m.title}**${who} [${n}]`;
      return s === null ? line : `${line}\n  > ${quote} [${s}]`;
    });
    const head = t(
      ctx,
      `**${docName(doc)}**：${hits.length}项措施涉及“${topicText}”：`,
      `**${docName(doc)}**: ${hits.length} measure${hits.length > 1 ? "s mention" : " mentions"} “${topicText}”:`,
    );
    blocks.push([head, ...lines].join("\n"));
  }
  const intro = t(
    ctx,
    `按文件对比“${topicText}”方面的措施（原文引用）：`,
    `Measures on “${topicText}”, side by side by document (quoted verbatim):`,
  );
  return {
    found: any > 0,
    answer: [intro, ...blocks].join("\n\n"),
    table: {
      kind: "comparison",
      title: t(ctx, `“${topicText}”措施对比`, `Comparison: ${topicText}`),
      columns: t(ctx, "文件|序号|要点|责任|相关原文", "Document|No.|Gist|Responsible|Passage").split("|"),
      rows,
    },
  };
}
