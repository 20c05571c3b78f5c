/**
 * `POST /api/export` `{question, conversation?, format: "md"|"csv"|"docx"}`: re-answers the
 * question and sends its table (a digest, responsibility table or comparison) as a file. The
 * request checks (token, readiness, JSON, size, rate limit) are the same as `/api/ask`'s; they run
 * in src/service/http.ts before `sendExport`.
 */
import type http from "node:http";
import { type ExportFormat, exportAnswer } from "../answer/export/file.js";
import type { Answer } from "../types.js";
import { attachment } from "./content-disposition.js";
import { HttpError } from "./errors.js";

/** Sends the answer's table as a file, or throws 422 `not_exportable` when it has none. */
export async function sendExport(
  res: http.ServerResponse,
  answer: Answer,
  format: ExportFormat,
): Promise<void> {
  const file = await exportAnswer(answer, format);
  if (!file) {
    throw new HttpError(
      422,
      "not_exportable",
      answer.language === "zh"
        ? "这个问题的回答不是摘要或表格，无法导出。可以这样问：“/policy digest 大连”“/policy table 浦东”“浦东和大连在执法检查上的措施有什么不同？”"
        : 'This answer is not a digest or a table, so there is nothing to export. Ask e.g. "/policy digest Dalian", "/policy table Pudong" or "compare Pudong and Dalian on enforcement inspections".',
    );
  }
  if (res.destroyed) return;
  res.statusCode = 200;
  res.setHeader("Content-Type", file.contentType);
  res.setHeader("Content-Disposition", attachment(file.name, file.asciiName));
  res.setHeader("Content-Length", file.bytes.length);
  res.setHeader("Cache-Control", "no-store");
  res.end(file.bytes);
}
