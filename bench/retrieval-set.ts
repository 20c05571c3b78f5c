/**
 * The labelled retrieval set (tests/fixtures/retrieval-set.jsonl): questions a user would ask,
 * in Chinese and English, each with the measure(s) that answer it, labelled by document file and
 * measure number (not by passage id, which changes with the passage rules). One line:
 *   {"id": "r001", "lang": "zh", "q": "…", "gold": [["dalian-2017-benchmark-shanghai.txt", 4]]}
 */

/** A measure a hit may land on: its source file and number. */
export interface MeasureRef {
  source: string;
  number: number;
}

/** One labelled query: a hit on any of `targets` counts. */
export interface LabelledQuery {
  id: string;
  lang: "zh" | "en";
  query: string;
  targets: MeasureRef[];
}

function lineError(no: number, why: string): Error {
  return new Error(`retrieval set line ${no}: ${why}`);
}

/** Parses the JSONL set; throws with the line number on a malformed line. */
export function parseRetrievalSet(text: string): LabelledQuery[] {
  const out: LabelledQuery[] = [];
  const ids = new Set<string>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === "") continue;
    let item: { id?: unknown; lang?: unknown; q?: unknown; gold?: unknown };
    try {
      item = JSON.parse(line) as typeof item;
    } catch (err) {
      throw lineError(i + 1, (err as Error).message);
    }
    const { id, lang, q, gold } = item;
    if (typeof id !== "string" || ids.has(id)) throw lineError(i + 1, '"id" must be a unique string');
    if (lang !== "zh" && lang !== "en") throw lineError(i + 1, '"lang" must be "zh" or "en"');
    if (typeof q !== "string" || q.trim() === "") throw lineError(i + 1, '"q" must be a question');
    if (!Array.isArray(gold) || gold.length === 0)
      throw lineError(i + 1, '"gold" must list [file, measure number] pairs');
    const targets = gold.map((g: unknown): MeasureRef => {
      if (!Array.isArray(g) || typeof g[0] !== "string" || !Number.isInteger(g[1]) || g[1] < 1) {
        throw lineError(i + 1, `bad gold entry ${JSON.stringify(g)}`);
      }
      return { source: g[0], number: g[1] as number };
    });
    ids.add(id);
    out.push({ id, lang, query: q, targets });
  }
  return out;
}

/** True when a passage of `source` with measure `number` answers the query. */
export function isGold(q: LabelledQuery, source: string, number: number | null): boolean {
  return number !== null && q.targets.some((t) => t.source === source && t.number === number);
}
