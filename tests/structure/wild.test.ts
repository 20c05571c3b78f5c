/**
 * The wild collection (tests/fixtures/wild): real documents of many genres with gold structure
 * written by reading them. Every document must match its gold but for the misses listed here, each
 * with what is still wrong, so that a regression fails and a fixed miss is taken off the list.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { DocResult, Gold } from "../../src/cli/structure-gold.js";
import { evalDocument, loadGold } from "../../src/cli/wild-collection.js";

const DIR = fileURLToPath(new URL("../fixtures/wild", import.meta.url));

/** Documents whose extraction does not match the gold yet, and why (README, "Wild collection"). */
const KNOWN_MISSES: Record<string, string> = {
  "guangzhou-2026-tianhe-kindergarten-enrollment-plan.html":
    "items under 原则 / 要求 parts counted by the gold (numbering restarting per part, one part without items)",
  "taian-2024-major-accident-hazard-criteria-notice.pdf":
    "title split over PDF lines; items numbered unevenly",
  // Fresh batch 3, measured at first sight (not tuned on):
  "guangzhou-2025-tianhe-talent-apartment-notice.html":
    "a 公告's six parts with mixed sub-numbering read as 9 items",
  "xinjiang-2012-quality-supervision-publicity-notice.txt":
    "no signature line: the issuer is read as the 办公室 that sends it, not the bureau the title names",
  "xinyu-2012-green-building-measures.txt":
    "dates: the signing date stands under a 审议通过 line, not a signature, and the effective date is missed (its bracketed 文号 is read since)",
};

let golds: Gold[];
let results: DocResult[];
beforeAll(async () => {
  golds = loadGold(DIR);
  results = [];
  for (const g of golds) results.push(await evalDocument(DIR, g));
});

describe("wild collection", () => {
  it("holds at least 30 documents of at least 8 genres, a third kept aside", () => {
    expect(golds.length).toBeGreaterThanOrEqual(30);
    expect(new Set(golds.map((g) => g.genre)).size).toBeGreaterThanOrEqual(8);
    // Kept aside: the holdout, and the fresh batches collected after the rules were written.
    const aside = golds.filter((g) => g.split !== "tune").length;
    expect(aside / golds.length).toBeGreaterThan(1 / 3);
  });

  it("gold files are complete: a document, an origin, numbers written out, questions citing it", () => {
    const sources = readFileSync(`${DIR}/SOURCES.md`, "utf8");
    for (const g of golds) {
      expect(existsSync(`${DIR}/docs/${g.source}`), g.source).toBe(true);
      expect(g.origin?.commit, g.source).toMatch(/^[0-9a-f]{40}$/);
      expect(sources, g.source).toContain(g.origin!.commit);
      expect(["tune", "holdout", "fresh"]).toContain(g.split);
      expect(g.measures.numbers.length, g.source).toBe(g.measures.count);
      for (const q of (g.questions ?? []) as { cites?: [string, number][] }[]) {
        for (const [source] of q.cites ?? []) expect(source).toBe(g.source);
      }
    }
  });

  it("every document matches its gold, but for the known misses", () => {
    const failing = results.filter((r) => !r.passed).map((r) => r.source);
    expect(failing.sort()).toEqual(Object.keys(KNOWN_MISSES).sort());
  });

  it("reads the articles of laws and regulations as their measures", () => {
    const laws = results.filter(
      (r) => ["law", "regulation", "rules"].includes(r.genre) && !(r.source in KNOWN_MISSES),
    );
    expect(laws.length).toBeGreaterThanOrEqual(10);
    for (const r of laws) expect(r.fields.find((f) => f.field === "measures")?.ok, r.source).toBe(true);
  });
});
