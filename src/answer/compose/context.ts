/** What every composer receives, and what it returns. */
import type { AnswerTable, Measure, PolicyDoc } from "../../types.js";
import type { Citations } from "../citations.js";
import type { KnowledgeBase } from "../knowledge.js";
import type { Lang } from "../render.js";

export interface ComposeContext {
  kb: KnowledgeBase;
  lang: Lang;
  cites: Citations;
  question: string;
}

export interface Composed {
  found: boolean;
  answer: string;
  /** The answer as a table, for downloads (digests, responsibility tables, comparisons). */
  table?: AnswerTable;
  /** The value of the kind the question asked for (a period, a sum), when a look-up stated one. */
  value?: string;
}

/** A measure of a document. */
export interface Target {
  doc: PolicyDoc;
  measure: Measure;
}

/** Picks the Chinese or the English wording. */
export function t(ctx: { lang: Lang }, zh: string, en: string): string {
  return ctx.lang === "zh" ? zh : en;
}
