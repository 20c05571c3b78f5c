/**
 * Digest rows → chat text. This is the seam an LLM rewording step can wrap: it receives the same
 * rows and the same `cite` function, and whatever it writes must keep one [n] marker per row.
 * The extractive renderer below needs no model: the gist is the measure's own words.
 */
import type { Lead, Measure, Span } from "../../types.js";
import { type Lang, leadsPhrase } from "../render.js";
import type { DigestRow } from "./rows.js";

/** What a digest renderer may use: the language and a way to cite a span of the row's document. */
export interface DigestWriter {
  lang: Lang;
  /** Cites `span` (inside `measure`) of the row's document and returns the marker number. */
  cite: (row: DigestRow, span: Span, measure: Measure) => number;
}

/** Renders digest rows as Markdown lines with [n] markers (one block of text). */
export type DigestRenderer = (rows: DigestRow[], writer: DigestWriter) => string;

/** "16. **加强法规政策研究宣贯** [16] — **贾德荣**同志牵头负责；时限：**年内** [17]" per measure. */
export const extractiveDigest: DigestRenderer = (rows, { lang, cite }) =>
  rows
    .map((row) => {
      const n = cite(row, row.measure, row.measure);
      const parts: string[] = [];
      if (row.leads.length) parts.push(leadsPhrase(row.leads, lang));
      if (row.deadlines.length) {
        const when = row.deadlines
          .map((d) => `**${d.text}** [${cite(row, d, row.measure)}]`)
          .join(lang === "zh" ? "、" : ", ");
        parts.push(lang === "zh" ? `时限：${when}` : `deadline: ${when}`);
      }
      const tail = parts.length ? ` — ${parts.join(lang === "zh" ? "；" : "; ")}` : "";
      return `${row.measure.number}. **${row.gist}** [${n}]${tail}`;
    })
    .join("\n");

/** Leads as plain text for a table cell: "邱继刚、花梅同志分别牵头负责" (no Markdown). */
export function plainLeads(leads: Lead[], lang: Lang): string {
  return leadsPhrase(leads, lang).replace(/\*\*/g, "");
}

/** A cell's text made safe for a Markdown table row (no pipe, no line break). */
export function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** A Markdown table: header, rule, rows (cells already escaped where needed). */
export function mdTable(columns: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(columns), line(columns.map(() => "---")), ...rows.map(line)].join("\n");
}
