/** The measures of a document, in order, with their leads. */
import { headingOf } from "../../structure/outline-path.js";
import type { PolicyDoc } from "../../types.js";
import { docName, leadsPhrase } from "../render.js";
import { type ComposeContext, type Composed, t } from "./context.js";

export function listMeasures(ctx: ComposeContext, docs: PolicyDoc[]): Composed {
  const blocks = docs.map((doc) => {
    if (doc.measures.length === 0) {
      return t(
        ctx,
        `${docName(doc)}中没有识别出编号的措施。`,
        `No numbered measures were found in ${docName(doc)}.`,
      );
    }
    const head = t(
      ctx,
      `${docName(doc)}共有${doc.measures.length}项措施：`,
      `${docName(doc)} has ${doc.measures.length} measures:`,
    );
    const lines = doc.measures.map((m) => {
      const n = ctx.cites.cite(doc, m, m);
      const who = m.leads.length ? ` — ${leadsPhrase(m.leads, ctx.lang)}` : "";
      return `${m.number}. ${headingOf(m)}${who} [${n}]`;
    });
    return [head, ...lines].join("\n");
  });
  return { found: docs.some((d) => d.measures.length > 0), answer: blocks.join("\n\n") };
}

/**
 * The measures of a document about a topic ("哪些措施涉及危险化学品", "which measures deal with
 * emergency drills"): measures whose text contains the topic's words, best first.
 */
export async function listMeasuresAbout(
  ctx: ComposeContext,
  docs: PolicyDoc[],
  topic: string[],
): Promise<Composed> {
  const { kb } = ctx;
  const scope = docs.length ? docs : kb.docs;
  const hits = await kb.index.search(topic.join(" "), {
    k: 60,
    sources: scope.map((d) => d.source),
    weights: { bm25: 1, vector: 0 },
  });
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const h of hits) {
    if (h.passage.measure === null || h.bm25Score <= 0) continue;
    const key = `${h.passage.source}#${h.passage.measure}`;
    if (seen.has(key)) continue;
    const doc = kb.doc(h.passage.source)!;
    const m = doc.measures.find((x) => x.number === h.passage.measure)!;
    const text = kb.source(doc.source).text.slice(m.start, m.end).replace(/\s+/g, "");
    if (!topic.some((w) => text.includes(w))) continue;
    seen.add(key);
    const n = ctx.cites.cite(doc, m, m);
    const who = m.leads.length ? ` — ${leadsPhrase(m.leads, ctx.lang)}` : "";
    lines.push(`- ${scope.length > 1 ? `${docName(doc)} ` : ""}${headingOf(m)}${who} [${n}]`);
  }
  if (lines.length === 0) {
    return {
      found: false,
      answer: t(
        ctx,
        `没有找到涉及“${topic.join("、")}”的措施。`,
        `No measure mentions “${topic.join(", ")}”.`,
      ),
    };
  }
  const head = t(
    ctx,
    `涉及“${topic.join("、")}”的措施有${lines.length}项：`,
    `${lines.length} measure${lines.length > 1 ? "s" : ""} mention “${topic.join(", ")}”:`,
  );
  return { found: true, answer: [head, ...lines].join("\n") };
}
