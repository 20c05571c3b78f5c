/** The wild collection on disk: its gold files, and one document structured and scored against its gold. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readSourceText } from "../ingest/read-sources.js";
import { structureDocument } from "../structure/structure.js";
import { compareWithGold, type DocResult, type Gold } from "./structure-gold.js";

/** Reads the gold files of a collection folder (gold/*.json), sorted by document name. */
export function loadGold(dir: string): Gold[] {
  return readdirSync(join(dir, "gold"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      try {
        return JSON.parse(readFileSync(join(dir, "gold", f), "utf8")) as Gold;
      } catch (err) {
        throw new Error(`gold/${f}: ${(err as Error).message}`);
      }
    });
}

/** Structures one document of the collection and scores it; an unreadable one fails every field. */
export async function evalDocument(dir: string, gold: Gold): Promise<DocResult> {
  try {
    const src = await readSourceText(gold.source, readFileSync(join(dir, "docs", gold.source)));
    return compareWithGold(gold, structureDocument(src));
  } catch (err) {
    return {
      source: gold.source,
      split: gold.split,
      genre: gold.genre,
      fields: [{ field: "read", ok: false, detail: (err as Error).message }],
      leads: { tp: 0, extracted: 0, gold: 0 },
      passed: false,
    };
  }
}
