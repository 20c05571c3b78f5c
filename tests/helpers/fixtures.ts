/** Shared helpers for the structure and ingest tests: load a source as a PolicyDoc, make a temp dir. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import type { PolicyDoc, SourceText } from "../../src/types.js";

/** The project's corpus folder. */
export const CORPUS_DIR = fileURLToPath(new URL("../../index-data/sources/", import.meta.url));
/** Real documents kept outside the project; read in place, never copied. */
export const MORE_SOURCES_DIR = "/work/shared/more-sources";

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

/** A document of /work/shared/more-sources, read where it lies. */
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
