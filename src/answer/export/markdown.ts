/**
 * A table answer as a Markdown file: the title, the question, the table, then every source quoted.
 * Every text from a document or the question goes through `markdownText`: no raw HTML, no link
 * but to http(s).
 */
import { markdownText } from "./markdown-text.js";
import { labels, type TableAnswer } from "./shared.js";

/** A cell safe inside a Markdown table row: `markdownText`, pipes escaped, line breaks as spaces. */
function cell(text: string): string {
  return markdownText(text)
    .replace(/\|/g, "\\|")
    .replace(/\s*\r?\n\s*/g, " ");
}

export function renderMarkdown(answer: TableAnswer): string {
  const { table } = answer;
  const l = labels(answer.language);
  const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const ours = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const lines = [
    `# ${markdownText(table.title.replace(/\s+/g, " ").trim())}`,
    "",
    `${l.question}: ${markdownText(answer.question.replace(/\s+/g, " ").trim())}`,
    "",
    row([...table.columns, l.sources]),
    row([...table.columns, l.sources].map(() => "---")),
    ...table.rows.map((r) => ours([...r.cells.map(cell), r.citations.map((id) => `[${id}]`).join(" ")])),
    "",
    `## ${l.sources}`,
    "",
  ];
  for (const c of answer.citations) {
    lines.push(`[${c.id}] 《${markdownText(c.title)}》 ${markdownText(c.section)}`.trim());
    lines.push("");
    for (const q of c.quote.split(/\r?\n/)) lines.push(`> ${markdownText(q)}`);
    lines.push("");
  }
  return lines.join("\n");
}
