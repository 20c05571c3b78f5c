/**
 * A table answer as a Word document (the `docx` package): the title as heading, the question, a
 * real table (header row repeated on every page), then a sources section with every citation's
 * verbatim quote and where it stands.
 */
import {
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { labels, type TableAnswer } from "./shared.js";

/** Paragraphs of a cell; line breaks in the text become separate paragraphs. */
function paragraphs(text: string, bold = false): Paragraph[] {
  return text.split(/\r?\n/).map((line) => new Paragraph({ children: [new TextRun({ text: line, bold })] }));
}

function row(cells: string[], header = false): TableRow {
  // Only the header row says so: `tableHeader: false` is still read as a header row by some readers.
  return new TableRow({
    ...(header ? { tableHeader: true } : {}),
    children: cells.map((c) => new TableCell({ children: paragraphs(c, header) })),
  });
}

export async function renderDocx(answer: TableAnswer): Promise<Buffer> {
  const { table } = answer;
  const l = labels(answer.language);
  const columns = [...table.columns, l.sources];
  const grid = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(columns, true),
      ...table.rows.map((r) => row([...r.cells, r.citations.map((id) => `[${id}]`).join(" ")])),
    ],
  });
  const sources = answer.citations.flatMap((c) => [
    new Paragraph({
      children: [new TextRun({ text: `[${c.id}] `, bold: true }), new TextRun(`《${c.title}》 ${c.section}`)],
    }),
    ...c.quote
      .split(/\r?\n/)
      .filter((line) => line.trim() !== "")
      .map(
        (line) =>
          new Paragraph({ indent: { left: 360 }, children: [new TextRun({ text: line, italics: true })] }),
      ),
  ]);
  const doc = new Document({
    title: table.title,
    creator: "policybot",
    sections: [
      {
        children: [
          new Paragraph({ text: table.title, heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: `${l.question}: ${answer.question.replace(/\s+/g, " ").trim()}` }),
          grid,
          new Paragraph({ text: l.sources, heading: HeadingLevel.HEADING_2 }),
          ...sources,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
