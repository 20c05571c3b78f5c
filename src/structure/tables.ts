/**
 * Task tables: a Markdown table whose header names a task column and a responsibility column
 * ("| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |") — each row is a measure, with the
 * header's words as the roles of the units in its cells.
 */
import { splitLines } from "../ingest/noise.js";
import type { Deadline, Lead, Span } from "../types.js";
import { isPrimaryRole, isUnitName, splitNames } from "./leads.js";
import { parseNumeral } from "./numerals.js";
import { CleanView } from "./text-view.js";

export interface TableRow extends Span {
  number: number;
  label: string;
  title: string;
  titleSpan: Span;
  leads: Lead[];
  deadlines: Deadline[];
}

export type Column = "number" | "task" | "lead" | "support" | "deadline" | "other";

export function columnOf(header: string): Column {
  if (/^(序号|编号|No\.?|#)$/i.test(header)) return "number";
  if (/配合|协办|参与|协助/.test(header)) return "support";
  if (/牵头|责任|主责|负责|承办/.test(header)) return "lead";
  if (/时限|时间|期限|进度|节点/.test(header)) return "deadline";
  if (/任务|工作|措施|内容|事项|举措|名称|要点/.test(header)) return "task";
  return "other";
}

function cellsOf(masked: string, start: number, end: number): Cell[] {
  const cells: Cell[] = [];
  const line = masked.slice(start, end);
  const bars = [...line.matchAll(/\|/g)].map((m) => start + m.index);
  for (let i = 0; i + 1 < bars.length; i++) {
    const a = bars[i]! + 1;
    const b = bars[i + 1]!;
    cells.push({ start: a, end: b, view: CleanView.of(masked, a, b) });
  }
  return cells;
}

/** The rows of every task table of a masked text (one array per table). */
export function findTaskTables(masked: string): TableRow[][] {
  const tables: TableRow[][] = [];
  const lines = splitLines(masked);
  let i = 0;
  while (i < lines.length) {
    if (!/^\s*\|.*\|\s*$/.test(lines[i]!.text)) {
      i++;
      continue;
    }
    const block: typeof lines = [];
    while (i < lines.length && /^\s*\|.*\|\s*$/.test(lines[i]!.text)) block.push(lines[i++]!);
    const rows = parseTable(masked, block);
    if (rows.length > 0) tables.push(rows);
  }
  return tables;
}

function parseTable(masked: string, block: { start: number; end: number }[]): TableRow[] {
  const [head, ...rest] = block;
  if (!head) return [];
  const headers = cellsOf(masked, head.start, head.end).map((c) => c.view.text);
  const rows: GridRow[] = [];
  for (const line of rest) {
    const cells = cellsOf(masked, line.start, line.end);
    if (cells.every((c) => /^[-:]*$/.test(c.view.text))) continue; // the |---|---| rule
    const raw = masked.slice(line.start, line.end);
    const indent = raw.length - raw.trimStart().length;
    rows.push({ cells, start: line.start + indent, end: line.start + raw.trimEnd().length });
  }
  return measureRows(headers, rows);
}

/** A table cell: its span in the source and its clean view. */
export interface Cell extends Span {
  view: CleanView;
}

/** One row of a table as a grid: a cell per column (a merged cell repeated in the rows it spans). */
export interface GridRow extends Span {
  cells: (Cell | undefined)[];
}

/**
 * The measures of a task table: one per row, or per 序号 when a number spans several rows (its
 * rows' units joined, a unit leading in any of them leading). `headers` name the columns; a
 * second lead column qualified by another body ("市卫健委内牵头处室") lists that body's own offices.
 */
export function measureRows(headers: string[], rows: GridRow[]): TableRow[] {
  const cols = headers.map(columnOf);
  const leadCols = cols.flatMap((c, i) => (c === "lead" || c === "support" ? [i] : []));
  if (leadCols.length > 1) {
    for (const i of leadCols) if (/[委局厅部办]内|内部/.test(headers[i]!)) cols[i] = "other";
  }
  const task = cols.indexOf("task");
  if (task < 0 || !cols.some((c) => c === "lead" || c === "support")) return [];
  const numberCol = cols.indexOf("number");
  const out: TableRow[] = [];
  let group: { numberCell: Cell | undefined; rows: GridRow[] } | null = null;
  const flush = () => {
    if (group) out.push(rowMeasure(group.rows, group.numberCell, headers, cols, task, out.length));
    group = null;
  };
  for (const row of rows) {
    const taskCell = row.cells[task];
    if (!taskCell || taskCell.view.text === "") continue;
    const numberCell = numberCol >= 0 ? row.cells[numberCol] : undefined;
    if (group && numberCell && group.numberCell?.start === numberCell.start) {
      group.rows.push(row);
      continue;
    }
    flush();
    group = { numberCell, rows: [row] };
  }
  flush();
  return out;
}

function rowMeasure(
  rows: GridRow[],
  numberCell: Cell | undefined,
  headers: string[],
  cols: Column[],
  task: number,
  index: number,
): TableRow {
  const parsed = numberCell ? parseNumeral(numberCell.view.text.replace(/[.、]$/, "")) : null;
  const taskCell = rows[0]!.cells[task]!;
  const text = taskCell.view.text;
  const stop = text.search(/[。;:]/);
  const len = stop > 0 && stop <= 60 ? stop : Math.min(text.length, 40);
  const leads: Lead[] = [];
  const deadlines: Deadline[] = [];
  const seen = new Set<number>();
  for (const row of rows) {
    cols.forEach((col, c) => {
      const cell = row.cells[c];
      if (!cell || cell.view.text === "" || seen.has(cell.start)) return;
      seen.add(cell.start);
      if (col === "lead" || col === "support") {
        const role = headers[c]!;
        let from = 0;
        for (const name of splitNames(cell.view.text)) {
          const at = cell.view.text.indexOf(name, from);
          from = at + name.length;
          const span = cell.view.span(at, at + name.length);
          const person =
            /^[\u4e00-\u9fa5]{2,3}$/.test(name) && !isUnitName(name) && !/^[各全市区县省]/.test(name);
          const primary = col === "lead" && isPrimaryRole(role);
          const prev = leads.findIndex((l) => l.name === name);
          if (prev >= 0) {
            if (primary && !leads[prev]!.primary) leads[prev] = { ...leads[prev]!, role, primary };
            continue;
          }
          leads.push({ name, kind: person ? "person" : "unit", role, primary, ...span });
        }
      }
      if (col === "deadline")
        deadlines.push({ text: cell.view.text, ...cell.view.span(0, cell.view.text.length) });
    });
  }
  const last = rows[rows.length - 1]!;
  return {
    number: parsed ?? index + 1,
    label: numberCell?.view.text ?? "",
    title: text.slice(0, len),
    titleSpan: taskCell.view.span(0, len),
    leads,
    deadlines,
    start: rows[0]!.start,
    end: last.end,
  };
}
