/**
 * A table answer as CSV (RFC 4180): UTF-8 with a BOM so that Excel opens Chinese correctly, CRLF
 * line ends, fields quoted when they hold a quote, comma or line break. Two columns are added to
 * the table's: the citation markers of the row and the verbatim quotes they point to.
 */
import { labels, rowCitations, type TableAnswer } from "./shared.js";

export const CSV_BOM = "\uFEFF";

/** One CSV field: quoted when needed; a leading =, +, -, @ is prefixed with ' so no spreadsheet runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: string[]): string {
  return fields.map(csvField).join(",");
}

export function renderCsv(answer: TableAnswer): string {
  const { table } = answer;
  const l = labels(answer.language);
  const lines = [csvLine([...table.columns, l.sources, l.quotes])];
  for (const r of table.rows) {
    const cites = rowCitations(answer, r.citations);
    lines.push(
      csvLine([
        ...r.cells,
        cites.map((c) => `[${c.id}]`).join(" "),
        cites.map((c) => `[${c.id}] ${c.quote}`).join("\n"),
      ]),
    );
  }
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}
