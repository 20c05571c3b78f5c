/**
 * A digest of a document: every measure in order — number, gist (its own words), leads with their
 * roles, deadlines — each cited; also as a table for downloads. A document whose measures name no
 * lead says so once, and points to where it sets responsibilities out (an attachment) if it does.
 */
import type { AnswerTableRow, PolicyDoc } from "../../types.js";
import { type DigestRenderer, extractiveDigest, plainLeads } from "../drafting/digest-text.js";
import { digestRows } from "../drafting/rows.js";
import { docName } from "../render.js";
import { type ComposeContext, type Composed, t } from "./context.js";

export function composeDigest(
  ctx: ComposeContext,
  doc: PolicyDoc,
  render: DigestRenderer = extractiveDigest,
): Composed {
  if (doc.measures.length === 0) {
    return {
      found: false,
      answer: t(
        ctx,
        `${docName(doc)}中没有识别出编号的措施，无法逐项摘要。`,
        `No numbered measures were found in ${docName(doc)}, so there is nothing to digest.`,
      ),
    };
  }
  const text = ctx.kb.source(doc.source).text;
  const rows = digestRows(doc, text);
  const rowCites = new Map<number, number[]>();
  const body = render(rows, {
    lang: ctx.lang,
    cite: (row, span, measure) => {
      const n = ctx.cites.cite(row.doc, span, measure);
      const list = rowCites.get(row.measure.number) ?? [];
      if (!list.includes(n)) list.push(n);
      rowCites.set(row.measure.number, list);
      return n;
    },
  });
  const head = t(
    ctx,
    `${docName(doc)}共${rows.length}项措施，逐项摘要如下（要点为原文）：`,
    `Digest of ${docName(doc)}: ${rows.length} measures, in order (gists in the document's own words):`,
  );
  const blocks = [head];
  const unled = rows.filter((r) => r.leads.length === 0).length;
  if (unled === rows.length) blocks.push(noLeadsNote(ctx, doc));
  blocks.push(body);

  const tableRows: AnswerTableRow[] = rows.map((row) => ({
    cells: [
      String(row.measure.number),
      row.gist,
      row.leads.length ? plainLeads(row.leads, ctx.lang) : t(ctx, "未写明", "not named"),
      row.deadlines.map((d) => d.text).join(t(ctx, "；", "; ")),
    ],
    citations: rowCites.get(row.measure.number) ?? [],
  }));
  return {
    found: true,
    answer: blocks.join("\n\n"),
    table: {
      kind: "digest",
      title: doc.title,
      columns: t(ctx, "序号|要点|责任|时限", "No.|Gist|Responsible|Deadline").split("|"),
      rows: tableRows,
    },
  };
}

/** "The measures name no lead; the document refers responsibilities to: 附件…[n]". */
export function noLeadsNote(ctx: ComposeContext, doc: PolicyDoc): string {
  const note = doc.responsibilityNote;
  if (!note) {
    return t(
      ctx,
      "文件中的各项措施均未写明牵头单位或责任人。",
      "None of the measures names a lead unit or person.",
    );
  }
  const n = ctx.cites.cite(doc, note);
  return t(
    ctx,
    `文件中的各项措施均未写明牵头单位或责任人；文件注明责任分工另见：“${note.text}”[${n}]。`,
    `None of the measures names a lead unit or person; the document refers the division of responsibilities to: “${note.text}” [${n}].`,
  );
}
