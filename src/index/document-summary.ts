/**
 * One line of "what policybot holds": a document's identity, how it was read and what the structure
 * stage found — the object `npm run index -- --json` prints, one per document (indexed or not).
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import type { SourceProblem } from "../ingest/source-problem.js";
import type { DocDate, PolicyDoc } from "../types.js";

export interface DocumentSummary {
  source: string;
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  /** Dates by kind (signed, printed, published, adopted, promulgated, revised, effective), ISO. */
  dates: Partial<Record<Exclude<DocDate["kind"], "mentioned">, string[]>>;
  /** How it was read: text, markdown, html, pdf or docx. */
  format: string;
  measures: number;
  measuresWithLeads: number;
  status: "indexed" | "failed";
  problem: string | null;
  bytes: number | null;
  updatedAt: string | null;
}

/** The reading path of a file, by its extension. */
export function formatOf(source: string): string {
  const ext = /\.([^.]+)$/.exec(source)?.[1]?.toLowerCase() ?? "";
  return { txt: "text", md: "markdown", markdown: "markdown", htm: "html" }[ext] ?? ext;
}

function fileFacts(dir: string | undefined, source: string) {
  if (!dir) return { bytes: null, updatedAt: null };
  try {
    const st = statSync(join(dir, source));
    return { bytes: st.size, updatedAt: st.mtime.toISOString() };
  } catch {
    return { bytes: null, updatedAt: null };
  }
}

/** The summary of an indexed document. */
export function summarizeDocument(doc: PolicyDoc, dir?: string): DocumentSummary {
  const dates: DocumentSummary["dates"] = {};
  for (const d of doc.dates) {
    if (d.kind === "mentioned") continue;
    const list = dates[d.kind] ?? [];
    if (!list.includes(d.iso)) dates[d.kind] = [...list, d.iso];
  }
  return {
    source: doc.source,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    dates,
    format: formatOf(doc.source),
    measures: doc.measures.length,
    measuresWithLeads: doc.measures.filter((m) => m.leads.length > 0).length,
    status: "indexed",
    problem: null,
    ...fileFacts(dir, doc.source),
  };
}

/** The summary of a file that could not be indexed. */
export function summarizeProblem(p: SourceProblem, dir?: string): DocumentSummary {
  return {
    source: p.source,
    title: null,
    docNumber: null,
    issuer: null,
    dates: {},
    format: formatOf(p.source),
    measures: 0,
    measuresWithLeads: 0,
    status: "failed",
    problem: p.message.replace(/^skipped: /, ""),
    ...fileFacts(dir, p.source),
  };
}
