/**
 * Task tables written as HTML (<table> of a web page): rows and cells read from the markup, cells
 * merged over rows or columns (rowspan, colspan) repeated in the grid, the header found as the
 * first row naming a task column and a responsibility column (a title row above it is skipped).
 * Cell words are read from the masked text, so every offset points into the page as written.
 */
import type { TableRow } from "./tables.js";
import { type Cell, columnOf, type GridRow, measureRows } from "./tables.js";
import { CleanView } from "./text-view.js";

/** Rows of the <table> elements of a page, as grids (merged cells repeated). */
function grids(raw: string, masked: string): GridRow[][] {
  const out: GridRow[][] = [];
  for (const table of raw.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table\s*>/gi)) {
    const base = table.index + table[0].indexOf(table[1]!);
    const pending = new Map<number, { cell: Cell; left: number }>();
    const rows: GridRow[] = [];
    for (const tr of table[1]!.matchAll(/<tr\b[^>]*>([\s\S]*?)(?=<tr\b|<\/tr\s*>|$)/gi)) {
      const trStart = base + tr.index + tr[0].indexOf(tr[1]!);
      const cells: (Cell | undefined)[] = [];
      let col = 0;
      const takePending = () => {
        for (let p = pending.get(col); p; p = pending.get(col)) {
          cells[col] = p.cell;
          if (--p.left === 0) pending.delete(col);
          col++;
        }
      };
      for (const td of tr[1]!.matchAll(/<t([dh])\b([^>]*)>([\s\S]*?)(?=<t[dh]\b|<\/tr\s*>|$)/gi)) {
        takePending();
        const attrs = td[2]!;
        const inner = td[3]!.replace(/<\/t[dh]\s*>[\s\S]*$/i, "");
        const start = trStart + td.index + td[0].indexOf(td[3]!);
        const cell: Cell = {
          start,
          end: start + inner.length,
          view: CleanView.of(masked, start, start + inner.length),
        };
        const rowspan = Number(/rowspan\s*=\s*"?(\d+)/i.exec(attrs)?.[1] ?? 1);
        const colspan = Number(/colspan\s*=\s*"?(\d+)/i.exec(attrs)?.[1] ?? 1);
        for (let k = 0; k < Math.min(colspan, 20); k++) {
          cells[col] = cell;
          if (rowspan > 1) pending.set(col, { cell, left: Math.min(rowspan, 200) - 1 });
          col++;
        }
      }
      takePending();
      const present = cells.filter((c): c is Cell => Boolean(c));
      if (present.length === 0) continue;
      rows.push({
        cells,
        start: Math.min(...present.map((c) => c.start)),
        end: Math.max(...present.map((c) => c.end)),
      });
    }
    out.push(rows);
  }
  return out;
}

/** The task tables of an HTML page: the rows of each table below its header row, as measures. */
export function findHtmlTaskTables(raw: string, masked: string): TableRow[][] {
  const tables: TableRow[][] = [];
  for (const rows of grids(raw, masked)) {
    const head = rows.findIndex((r) => {
      const cols = r.cells.map((c) => columnOf(c?.view.text ?? ""));
      return cols.includes("task") && cols.some((c) => c === "lead" || c === "support");
    });
    if (head < 0) continue;
    const headers = rows[head]!.cells.map((c) => c?.view.text ?? "");
    const measures = measureRows(headers, rows.slice(head + 1));
    if (measures.length > 0) tables.push(measures);
  }
  return tables;
}
