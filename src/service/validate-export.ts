/**
 * Validation of a `POST /api/export` body — `{question, conversation?, format}` — a pure function:
 * the question and conversation as for `/api/ask`, the format one of "md", "csv", "docx".
 */
import { EXPORT_FORMATS, type ExportFormat } from "../answer/export/file.js";
import { type AskRequest, validateAsk } from "./validate-ask.js";

export interface ExportRequest extends AskRequest {
  format: ExportFormat;
}

export type ExportValidation = { ok: true; value: ExportRequest } | { ok: false; message: string };

export function validateExport(body: unknown): ExportValidation {
  const ask = validateAsk(body);
  if (!ask.ok) return ask;
  const format = (body as Record<string, unknown>).format;
  const list = EXPORT_FORMATS.map((f) => `"${f}"`).join(", ");
  if (format === undefined)
    return { ok: false, message: `The field "format" is missing; send one of ${list}.` };
  if (typeof format !== "string" || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    const shown = typeof format === "string" ? `"${format.slice(0, 20)}"` : `a ${typeof format}`;
    return { ok: false, message: `The field "format" is ${shown}; send one of ${list}.` };
  }
  return { ok: true, value: { ...ask.value, format: format as ExportFormat } };
}
