/** An answer's table as a downloadable file: Markdown, CSV or Word, with its media type and name. */
import type { Answer } from "../../types.js";
import { renderCsv } from "./csv.js";
import { renderDocx } from "./docx.js";
import { renderMarkdown } from "./markdown.js";
import { hasTable } from "./shared.js";

export const EXPORT_FORMATS = ["md", "csv", "docx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  bytes: Buffer;
  contentType: string;
  /** The file's name (may hold Chinese); `asciiName` for clients that cannot read RFC 5987. */
  name: string;
  asciiName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  md: "text/markdown; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

const KIND_NAMES = {
  digest: ["摘要", "digest"],
  responsibilities: ["责任分工", "responsibilities"],
  deliverables: ["工作清单", "deliverables"],
  comparison: ["对比", "comparison"],
} as const;

/** Renders the answer's table in `format`; null when the answer has no table to export. */
export async function exportAnswer(answer: Answer, format: ExportFormat): Promise<ExportFile | null> {
  if (!hasTable(answer)) return null;
  const bytes =
    format === "docx"
      ? await renderDocx(answer)
      : Buffer.from(format === "csv" ? renderCsv(answer) : renderMarkdown(answer), "utf8");
  const [zh, en] = KIND_NAMES[answer.table.kind];
  const base = fileSafe(`${answer.table.title}-${answer.language === "zh" ? zh : en}`);
  return {
    bytes,
    contentType: CONTENT_TYPES[format],
    name: `${base}.${format}`,
    asciiName: `policybot-${en}.${format}`,
  };
}

/** A file name without path separators, control or reserved characters; at most 120 characters. */
export function fileSafe(name: string): string {
  const cleaned = name
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, "_")
    .replace(/\s+/g, " ")
    .trim();
  return [...cleaned].slice(0, 120).join("") || "policybot";
}
