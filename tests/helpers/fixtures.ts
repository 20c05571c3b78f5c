/** Shared helpers for the structure and ingest tests: load a source as a PolicyDoc, make a temp dir. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import { fold } from "../../src/structure/text-view.js";
import type { PolicyDoc, SourceText } from "../../src/types.js";

/** The project's corpus folder. */
export const CORPUS_DIR = fileURLToPath(new URL("../../index-data/sources/", import.meta.url));
/**
 * The project's shared folder, beside the project (as CI lays it out): the development question
 * set and more real documents, read in place and never copied. SHARED_DIR overrides it.
 */
export const SHARED_DIR =
  process.env.SHARED_DIR ?? fileURLToPath(new URL("../../../shared/", import.meta.url));
/** Real documents kept outside the project; read in place, never copied. */
export const MORE_SOURCES_DIR = join(SHARED_DIR, "more-sources");
/** The development question set. */
export const DEV_SET = join(SHARED_DIR, "eval", "dev.jsonl");

export const CORPUS = {
  dalian: "dalian-2017-benchmark-shanghai.txt",
  pudong: "pudong-2021-supervision-work-points.txt",
  qingdao: "qingdao-2017-work-points.txt",
  shanghaiSix: "shanghai-reform-pilot-six-measures.txt",
  xianyang: "xianyang-2018-reform-implementation-plan.txt",
} as const;

export const MORE = {
  beidou: "shanghai-2021-beidou-action-plan.txt",
  basicResearch: "shanghai-2025-basic-research-measures.txt",
  medicalDevices: "shanghai-2025-medical-devices-action-plan.txt",
  techServices: "shanghai-2025-tech-services-opinions.txt",
} as const;

export interface Loaded {
  path: string;
  src: SourceText;
  doc: PolicyDoc;
}

const cache = new Map<string, Loaded>();

/** Reads a file, decodes it and extracts its structure (cached per path). */
export function loadPath(path: string): Loaded {
  let hit = cache.get(path);
  if (!hit) {
    const src = toSourceText(basename(path), readFileSync(path));
    hit = { path, src, doc: structureDocument(src) };
    cache.set(path, hit);
  }
  return hit;
}

/** A corpus document (index-data/sources). */
export function loadCorpus(file: string): Loaded {
  return loadPath(join(CORPUS_DIR, file));
}

/** A document of the shared more-sources folder, read where it lies. */
export function loadMore(file: string): Loaded {
  return loadPath(join(MORE_SOURCES_DIR, file));
}

/** Structures bytes given in memory, as if read from a file named `fileName`. */
export function structureBytes(fileName: string, bytes: Uint8Array): Loaded {
  const src = toSourceText(fileName, bytes);
  return { path: fileName, src, doc: structureDocument(src) };
}

/** A fresh temporary directory and a function that removes it. */
export function makeTempDir(prefix = "policybot-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Measure numbers whose leads include `name`. */
export function measuresLedBy(doc: PolicyDoc, name: string): number[] {
  return doc.measures.filter((m) => m.leads.some((l) => l.name === name)).map((m) => m.number);
}

/** The measure numbered `n` (throws when missing, so a test fails with a clear message). */
export function measure(doc: PolicyDoc, n: number): PolicyDoc["measures"][number] {
  const m = doc.measures.find((x) => x.number === n);
  if (!m) throw new Error(`${doc.source}: no measure ${n}`);
  return m;
}

/** Text with all whitespace removed. */
export function squeeze(s: string): string {
  return s.replace(/\s+/gu, "");
}

/**
 * Span invariants every structured document must satisfy: measures ordered and inside the text,
 * titles/leads/deadlines inside their measure, lead spans spelling their names, no page chrome
 * (any noise but markup, or the given strings) inside a measure.
 */
export function checkSpans({ src, doc }: Loaded, chrome: string[]): void {
  const text = src.text;
  let prevEnd = 0;
  for (const m of doc.measures) {
    const where = `${doc.source} measure ${m.number}`;
    expect(m.start, where).toBeGreaterThanOrEqual(prevEnd);
    expect(m.start, where).toBeLessThan(m.end);
    expect(m.end, where).toBeLessThanOrEqual(text.length);
    prevEnd = m.end;
    expect(m.titleSpan.start, where).toBeGreaterThanOrEqual(m.start);
    expect(m.titleSpan.end, where).toBeLessThanOrEqual(m.end);
    expect(squeeze(fold(text.slice(m.titleSpan.start, m.titleSpan.end))), where).toBe(squeeze(fold(m.title)));
    const body = text.slice(m.start, m.end);
    for (const c of chrome) expect(body, `${where} includes chrome "${c}"`).not.toContain(c);
    for (const n of src.noise) {
      if (n.kind === "markup") continue;
      const overlaps = n.start < m.end && n.end > m.start;
      expect(overlaps, `${where} overlaps ${n.kind} "${text.slice(n.start, n.end)}"`).toBe(false);
    }
    for (const l of m.leads) {
      expect(l.name, where).not.toMatch(/\s/u);
      expect(l.start, `${where} ${l.name}`).toBeGreaterThanOrEqual(m.start);
      expect(l.end, `${where} ${l.name}`).toBeLessThanOrEqual(m.end);
      expect(l.start, `${where} ${l.name}`).toBeLessThan(l.end);
      expect(squeeze(text.slice(l.start, l.end)), `${where} lead span`).toBe(l.name);
      expect(l.primary, `${where} ${l.name}`).toBe(!/配合|协办|参与|协助/.test(l.role ?? ""));
    }
    for (const d of m.deadlines) {
      expect(d.start, where).toBeGreaterThanOrEqual(m.start);
      expect(d.end, where).toBeLessThanOrEqual(m.end);
      expect(fold(text.slice(d.start, d.end)), where).toBe(d.text);
    }
  }
}
