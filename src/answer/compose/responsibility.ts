/**
 * Responsibility tables: per unit or person of a document, the measures they are named for with
 * their roles as written (牵头负责 / 分别牵头负责 / 配合 …); and for one unit or person, what they
 * must deliver — each measure's gist and deadlines — and by when. From the extracted leads only.
 */
import type { AnswerTableRow, PolicyDoc } from "../../types.js";
import { mdCell, mdTable } from "../drafting/digest-text.js";
import { byRole, digestRows, responsibilityRows } from "../drafting/rows.js";
import { docName, englishGloss } from "../render.js";
import { type ComposeContext, type Composed, t } from "./context.js";
import { noLeadsNote } from "./digest.js";
import { noMeasuresFor } from "./lead.js";

/** "1、2、3（牵头负责）；13（分别牵头负责）" / "1, 2, 3 (牵头负责); 13 (分别牵头负责)". */
function measuresWithRoles(ctx: ComposeContext, groups: ReturnType<typeof byRole>): string {
  return groups
    .map(({ role, measures }) => {
      const numbers = measures.map((m) => m.number).join(t(ctx, "、", ", "));
      if (!role) return numbers;
      return t(ctx, `${numbers}（${role}）`, `${numbers} (${role})`);
    })
    .join(t(ctx, "；", "; "));
}

/** Who leads what in one document: a table of units/persons × their measures. */
export function responsibilityTable(ctx: ComposeContext, doc: PolicyDoc): Composed {
  const rows = responsibilityRows(doc);
  if (rows.length === 0) {
    const none =
      doc.measures.length === 0
        ? t(
            ctx,
            `${docName(doc)}中没有识别出编号的措施。`,
            `No numbered measures were found in ${docName(doc)}.`,
          )
        : `${t(ctx, `${docName(doc)}共${doc.measures.length}项措施。`, `${docName(doc)} has ${doc.measures.length} measures.`)}${noLeadsNote(ctx, doc)}`;
    return { found: doc.measures.length > 0, answer: none };
  }
  // Cite every measure in order first, so that the markers follow the document.
  const marker = new Map(doc.measures.map((m) => [m.number, ctx.cites.cite(doc, m, m)]));
  const led = doc.measures.filter((m) => m.leads.length > 0).length;
  const head = t(
    ctx,
    `${docName(doc)}责任分工：${rows.length}个单位或个人，${doc.measures.length}项措施（${led}项写明责任方）。`,
    `Who leads what in ${docName(doc)}: ${rows.length} units or persons, ${doc.measures.length} measures (${led} name who is responsible).`,
  );
  const columns = t(
    ctx,
    "责任方|措施（角色）|项数|引用",
    "Unit or person|Measures (role)|Count|Sources",
  ).split("|");
  const tableRows: AnswerTableRow[] = [];
  const mdRows = rows.map((row) => {
    const cites = row.assignments.map((a) => marker.get(a.measure.number)!);
    const measures = measuresWithRoles(ctx, byRole(row.assignments));
    const gloss = ctx.lang === "en" ? englishGloss(row.name, row.kind === "person") : "";
    tableRows.push({
      cells: [`${row.name}${gloss}`, measures, String(row.assignments.length)],
      citations: cites,
    });
    return [
      `**${mdCell(row.name)}**${mdCell(gloss)}`,
      mdCell(measures),
      String(row.assignments.length),
      cites.map((n) => `[${n}]`).join(""),
    ];
  });
  const unled = doc.measures.filter((m) => m.leads.length === 0);
  const tail = unled.length
    ? t(
        ctx,
        `未写明责任方的措施：${unled.map((m) => `${m.number}[${marker.get(m.number)}]`).join("、")}。`,
        `Measures that name no one: ${unled.map((m) => `${m.number} [${marker.get(m.number)}]`).join(", ")}.`,
      )
    : "";
  return {
    found: true,
    answer: [head, mdTable(columns, mdRows), tail].filter(Boolean).join("\n\n"),
    table: {
      kind: "responsibilities",
      title: doc.title,
      columns: columns.slice(0, 3),
      rows: tableRows,
    },
  };
}

/** What one unit or person must deliver and by when: their measures with gists, roles, deadlines. */
export function deliverables(ctx: ComposeContext, names: string[], sources: string[] | null): Composed {
  const blocks: string[] = [];
  const tableRows: AnswerTableRow[] = [];
  const docsSeen = new Set<PolicyDoc>();
  const picked = names.map((name) => ({
    name,
    mentions: ctx.kb.mentionsOf(name).filter((m) => !sources || sources.includes(m.doc.source)),
  }));
  const withDoc = new Set(picked.flatMap((p) => p.mentions.map((m) => m.doc.source))).size > 1;
  const columns = t(ctx, "序号|要点|角色|时限|引用", "No.|Gist|Role|Deadline|Sources").split("|");
  for (const { name, mentions } of picked) {
    for (const doc of [...new Set(mentions.map((m) => m.doc))]) {
      docsSeen.add(doc);
      const text = ctx.kb.source(doc.source).text;
      const rows = digestRows(doc, text);
      const mine = mentions.filter((m) => m.doc === doc);
      let dated = 0;
      const md = mine.map(({ measure, lead }) => {
        const row = rows.find((r) => r.measure === measure)!;
        const n = ctx.cites.cite(doc, measure, measure);
        const when = measure.deadlines.map((d) => ({ d, id: ctx.cites.cite(doc, d, measure) }));
        if (when.length) dated++;
        const role = lead.role ?? t(ctx, "负责", "responsible");
        const others = measure.leads.filter((l) => l.name !== name).map((l) => l.name);
        const roleCell = others.length
          ? t(ctx, `${role}（与${others.join("、")}）`, `${role} (with ${others.join(", ")})`)
          : role;
        const whenText = when.map((w) => w.d.text).join(t(ctx, "；", "; "));
        tableRows.push({
          cells: [
            ...(withDoc ? [doc.title] : []),
            ...(names.length > 1 ? [name] : []),
            String(measure.number),
            row.gist,
            roleCell,
            whenText || t(ctx, "未写明", "not stated"),
          ],
          citations: [n, ...when.map((w) => w.id)],
        });
        return [
          String(measure.number),
          mdCell(row.gist),
          mdCell(roleCell),
          when.length ? when.map((w) => `${mdCell(w.d.text)} [${w.id}]`).join(t(ctx, "；", "; ")) : "—",
          `[${n}]`,
        ];
      });
      const head = t(
        ctx,
        `**${name}**在${docName(doc)}中负责以下${mine.length}项措施：`,
        `**${name}**${englishGloss(name, mine[0]!.lead.kind === "person")} is named for ${mine.length} measure${mine.length > 1 ? "s" : ""} of ${docName(doc)}:`,
      );
      const foot =
        dated === 0
          ? t(ctx, "这些措施均未写明完成时限。", "None of these measures states a deadline.")
          : dated < mine.length
            ? t(
                ctx,
                `其中${mine.length - dated}项未写明完成时限（表中“—”）。`,
                `${mine.length - dated} of them state no deadline ("—").`,
              )
            : "";
      blocks.push([head, mdTable(columns, md), foot].filter(Boolean).join("\n\n"));
    }
  }
  if (blocks.length === 0) return noMeasuresFor(ctx, names);
  const docs = [...docsSeen];
  const title =
    docs.length === 1
      ? `${names.join("、")} — ${docs[0]!.title}`
      : `${names.join("、")} — ${t(ctx, "负责的措施", "measures")}`;
  return {
    found: true,
    answer: blocks.join("\n\n"),
    table: {
      kind: "deliverables",
      title,
      columns: [
        ...(withDoc ? [t(ctx, "文件", "Document")] : []),
        ...(names.length > 1 ? [t(ctx, "责任方", "Unit or person")] : []),
        ...columns.slice(0, 4),
      ],
      rows: tableRows,
    },
  };
}
