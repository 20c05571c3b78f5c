/**
 * npm run wild:sources [DIR] — writes DIR/SOURCES.md (default tests/fixtures/wild) from the gold
 * files' `origin`: one row per document with its repository, path and commit.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadGold } from "./wild-collection.js";

const HEADER = `# Sources of the wild collection

Each document is saved byte-identical from the public repository named here: the file at \`path\`
in \`commit\` (\`git show COMMIT:PATH > docs/FILE\`). Official documents are public (著作权法 第五条).
This list is made from the gold files' \`origin\` (\`npm run wild:sources\`; tests check that every
commit is listed).
`;

/** A Markdown table with its columns padded to one width (CJK characters count double). */
export function markdownTable(head: string[], rows: string[][]): string {
  const width = (s: string) =>
    [...s].reduce((n, c) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + " ".repeat(cols[i]! - width(c))).join(" | ")} |`;
  return [line(head), line(cols.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const dir = process.argv[2] ?? "tests/fixtures/wild";
const rows = loadGold(dir).map((g) => [
  `\`${g.source}\``,
  g.genre,
  g.format,
  g.place ?? "",
  g.split,
  g.origin?.repo ?? "",
  `\`${g.origin?.path ?? ""}\``,
  `\`${g.origin?.commit ?? ""}\``,
]);
const table = markdownTable(
  ["file", "genre", "format", "place", "split", "repository", "path", "commit"],
  rows,
);
writeFileSync(join(dir, "SOURCES.md"), `${HEADER}\n${table}\n`);
console.log(`${rows.length} documents listed in ${join(dir, "SOURCES.md")}`);
