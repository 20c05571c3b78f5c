/** What the export renderers share: the labels of the added columns, the sources of a row. */
import type { Answer, AnswerTable, Citation } from "../../types.js";

/** An answer that has a table (digests, responsibility tables, comparisons). */
export type TableAnswer = Answer & { table: AnswerTable };

export function hasTable(answer: Answer): answer is TableAnswer {
  return answer.table !== undefined && answer.table.rows.length > 0;
}

export function labels(lang: "zh" | "en") {
  return lang === "zh"
    ? { sources: "引用", quotes: "原文", question: "问题", measure: (n: number) => `第${n}项` }
    : {
        sources: "Sources",
        quotes: "Source text",
        question: "Question",
        measure: (n: number) => `measure ${n}`,
      };
}

/** The citations of a row, in the order the row lists them (unknown ids skipped). */
export function rowCitations(answer: Answer, ids: number[]): Citation[] {
  return ids.flatMap((id) => answer.citations.filter((c) => c.id === id));
}

/** "《title》 二、… > 17.…" — where a citation's quote stands. */
export function citationPlace(c: Citation): string {
  return `《${c.title}》 ${c.section}`.trim();
}
