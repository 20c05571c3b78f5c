/**
 * The labelled retrieval set of the benchmark, generated from the structured documents rather
 * than written by hand: one query per sampled measure (its title without the leading marker),
 * whose target is that measure; plus the dev questions that name the measures they must cite.
 */
import type { EvalItem } from "../src/answer/eval-checks.js";
import type { PolicyDoc } from "../src/types.js";

/** A measure a hit may land on: its source file and number. */
export interface MeasureRef {
  source: string;
  number: number;
}

/** One labelled query: a hit on any of `targets` counts. */
export interface LabelledQuery {
  id: string;
  query: string;
  targets: MeasureRef[];
  origin: "title" | "dev";
}

/** Titles shorter than this (in characters, after the marker is removed) are not used. */
export const MIN_TITLE_CHARS = 4;

/** Leading markers a title may still carry: "17.", "(十七)", "十七、", "第三，", "1)" … */
const MARKER =
  /^\s*(?:第?[0-9０-９一二三四五六七八九十百零〇]+[.．、,，)）:：\s]+|[(（][0-9０-９一二三四五六七八九十百零〇]+[)）]\s*)/;

/** A measure's title as a query: the leading marker and stray punctuation removed. */
export function queryOfTitle(title: string): string {
  return title
    .replace(MARKER, "")
    .replace(/^[\s。，、；：;:,.]+|[\s。，、；：;:,.]+$/g, "")
    .trim();
}

/**
 * About `size` title queries, taken at even steps through the eligible measures in corpus order
 * (documents by source name, measures by position), so the set is the same on every run.
 */
export function titleQueries(docs: readonly PolicyDoc[], size = 40): LabelledQuery[] {
  const eligible = [...docs]
    .sort((a, b) => a.source.localeCompare(b.source))
    .flatMap((d) =>
      d.measures.map((m) => ({ source: d.source, number: m.number, query: queryOfTitle(m.title) })),
    )
    .filter((e) => [...e.query].length >= MIN_TITLE_CHARS);
  if (eligible.length === 0 || size <= 0) return [];
  const step = Math.max(1, eligible.length / size);
  const picked = new Set<number>();
  for (let i = 0; i * step < eligible.length; i++) picked.add(Math.floor(i * step));
  return [...picked].map((i) => {
    const e = eligible[i]!;
    return {
      id: `title:${e.source}#${e.number}`,
      query: e.query,
      targets: [{ source: e.source, number: e.number }],
      origin: "title" as const,
    };
  });
}

/**
 * The dev items that carry `cites`, as labelled queries (a hit on any cited measure counts).
 * Multi-turn items are left out: their later turns mean nothing without the conversation.
 */
export function devQueries(items: readonly EvalItem[]): {
  queries: LabelledQuery[];
  skippedMultiTurn: number;
} {
  const queries: LabelledQuery[] = [];
  let skippedMultiTurn = 0;
  for (const item of items) {
    if (!item.cites || item.cites.length === 0) continue;
    if (typeof item.q !== "string") {
      skippedMultiTurn++;
      continue;
    }
    queries.push({
      id: `dev:${item.id}`,
      query: item.q,
      targets: item.cites.map(([source, number]) => ({ source, number })),
      origin: "dev",
    });
  }
  return { queries, skippedMultiTurn };
}
