/** The measures of a document, in order, with their leads. */
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
      return `${m.number}. ${m.label}${m.title}${who} [${n}]`;
    });
    return [head, ...lines].join("\n");
  });
  return { found: docs.some((d) => d.measures.length > 0), answer: blocks.join("\n\n") };
}
