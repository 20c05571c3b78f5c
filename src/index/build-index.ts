/**
 * Builds or loads the index of a sources folder. Sources are always read and hashed; when the
 * hashes, the structure version and the tokenizer fingerprint match the saved index, it is
 * loaded as is. Otherwise only the documents whose bytes changed are structured again (the
 * others are taken from the saved index), and the search index is rebuilt and saved atomically.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSources, type SourceProblem } from "../ingest/read-sources.js";
import { structureDocument } from "../structure/structure.js";
import type { Passage, PolicyDoc, SourceText } from "../types.js";
import { jsonArrayPieces, writeJsonPieces } from "./json-file.js";
import { passagesOf } from "./passages.js";
import { type ProgressListener, reportEvery } from "./progress.js";
import { SearchIndex } from "./search-index.js";
import { readCurrent, readIndexFile, type WriteOptions } from "./store.js";

/**
 * The version of the structure rules: a hash of the ingest and structure code and of the data
 * files they read, so that any change to a rule structures the saved documents again.
 */
export const STRUCTURE_VERSION = structureFingerprint();

function structureFingerprint(): string {
  const hash = createHash("sha256");
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, "..", "ingest"), join(here, "..", "structure")]) {
    for (const f of readdirSync(dir).sort()) hash.update(f).update(readFileSync(join(dir, f)));
  }
  hash.update(readFileSync(new URL("../../index-data/places.json", import.meta.url)));
  return hash.digest("hex").slice(0, 16);
}

const DOCS_FILE = "docs.json";

export interface BuiltIndex {
  sources: SourceText[];
  docs: PolicyDoc[];
  index: SearchIndex;
  problems: SourceProblem[];
  /** What was done: "loaded" (nothing changed) or "built" (with the documents structured anew). */
  action: "loaded" | "built";
  restructured: string[];
  /** Why the new index could not be saved (the previous one stays in place), if it could not. */
  saveError: string | null;
  ms: number;
}

export interface BuildIndexOptions {
  sourcesDir: string;
  indexDir: string;
  /** Skip the saved index and rebuild everything. */
  force?: boolean;
  /** Store options (tests make a write fail midway). */
  write?: WriteOptions;
  log?: (message: string) => void;
  /**
   * Hears the build's progress by stage (see progress.ts). The structure stage is reported on every
   * call (the sources are always read); the others only when the index is built.
   */
  onProgress?: ProgressListener;
}

/** The user words of the tokenizer: every lead name, so that units and persons stay whole. */
export function userWordsOf(docs: PolicyDoc[]): string[] {
  return [...new Set(docs.flatMap((d) => d.measures.flatMap((m) => m.leads.map((l) => l.name))))].sort();
}

/** Passages of every document, numbered. */
export function passagesOfAll(docs: PolicyDoc[], sources: SourceText[]): Passage[] {
  const bySource = new Map(sources.map((s) => [s.source, s]));
  return docs.flatMap((d) => passagesOf(d, bySource.get(d.source)!)).map((p, id) => ({ id, ...p }));
}

interface SavedDocs {
  structureVersion: string;
  docs: { hash: string; doc: PolicyDoc }[];
}

function savedDocs(indexDir: string): Map<string, PolicyDoc> {
  const current = readCurrent(indexDir);
  const out = new Map<string, PolicyDoc>();
  if (!current?.manifest.files[DOCS_FILE]) return out;
  try {
    const saved = JSON.parse(readIndexFile(current, DOCS_FILE).toString("utf8")) as SavedDocs;
    if (saved.structureVersion !== STRUCTURE_VERSION) return out;
    for (const { hash, doc } of saved.docs) out.set(`${hash}:${doc.source}`, doc);
  } catch {
    // A damaged docs file: structure everything again.
  }
  return out;
}

/** Loads the saved index when it matches the sources, else builds (and saves) a new one. */
export async function buildOrLoadIndex(opts: BuildIndexOptions): Promise<BuiltIndex> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const { sources, problems } = readSources(opts.sourcesDir);
  for (const p of problems) log(`source ${p.source}: ${p.message}`);
  const hashes = Object.fromEntries(sources.map((s) => [s.source, s.hash]));
  const cached = opts.force ? new Map<string, PolicyDoc>() : savedDocs(opts.indexDir);
  const restructured: string[] = [];
  const docs = sources.map((s, i) => {
    reportEvery(opts.onProgress, "structure", i, sources.length, 100);
    const hit = cached.get(`${s.hash}:${s.source}`);
    if (hit) return hit;
    restructured.push(s.source);
    return structureDocument(s);
  });
  reportEvery(opts.onProgress, "structure", sources.length, sources.length);
  const userWords = userWordsOf(docs);

  if (!opts.force && restructured.length === 0) {
    const current = readCurrent(opts.indexDir);
    const same =
      current &&
      JSON.stringify(current.manifest.sources) === JSON.stringify(hashes) &&
      current.manifest.extra.structureVersion === STRUCTURE_VERSION;
    if (same) {
      const index = await SearchIndex.load(opts.indexDir, {
        userWords,
        onInvalid: (r) => log(`index: ${r}`),
      });
      if (index) {
        return {
          sources,
          docs,
          index,
          problems,
          action: "loaded",
          restructured,
          saveError: null,
          ms: performance.now() - t0,
        };
      }
    }
  }

  const index = await SearchIndex.build(passagesOfAll(docs, sources), {
    userWords,
    onProgress: opts.onProgress,
  });
  reportEvery(opts.onProgress, "save", 0, 1);
  // SavedDocs, written piece by piece (one document at a time).
  const docsPieces = function* (): Generator<string> {
    yield `{"structureVersion":${JSON.stringify(STRUCTURE_VERSION)},"docs":`;
    yield* jsonArrayPieces(docs.map((doc, i) => ({ hash: sources[i]!.hash, doc })));
    yield "}";
  };
  let saveError: string | null = null;
  try {
    await index.save(opts.indexDir, {
      sources: hashes,
      extra: { structureVersion: STRUCTURE_VERSION, documents: docs.length },
      files: { [DOCS_FILE]: (path) => writeJsonPieces(path, docsPieces()) },
      write: opts.write,
    });
  } catch (err) {
    // The previous index stays in place; this process answers from the fresh build in memory.
    saveError = (err as Error).message;
    log(`index: could not save (${saveError}); answering from memory`);
  }
  reportEvery(opts.onProgress, "save", 1, 1);
  return {
    sources,
    docs,
    index,
    problems,
    action: "built",
    restructured,
    saveError,
    ms: performance.now() - t0,
  };
}
