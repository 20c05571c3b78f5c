/** A table answer as a Markdown file: the title, the question, the table, then every source quoted. */
import { labels, type TableAnswer } from "./shared.js";

/** A cell safe inside a Markdown table row: pipes escaped, line breaks as spaces. */
function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/\s*\r?\n\s*/g, " ");
}

export function renderMarkdown(answer: TableAnswer): string {
  const { table } = answer;
  const l = labels(answer.language);
  const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const lines = [
    `# ${table.title}`,
    "",
    `${l.question}: ${answer.question.replace(/\s+/g, " ").trim()}`,
    "",
    row([...table.columns, l.sources]),
    row([...table.columns, l.sources].map(() => "---")),
    ...table.rows.map((r) => row([...r.cells, r.citations.map((id) => `[${id}]`).join(" ")])),
    "",
    `## ${l.sources}`,
    "",
  ];
  for (const c of answer.citations) {
    lines.push(`[${c.id}] 《${c.title}》 ${c.section}`.trim());
    lines.push("");
    for (const q of c.quote.split(/\r?\n/)) lines.push(`> ${q}`);
    lines.push("");
  }
  return lines.join("\n");
}
