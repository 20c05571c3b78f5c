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
import type { Embeddings } from "@langchain/core/embeddings";
import {
  type ExtractedText,
  isExtracted,
  readSources,
  type SourceLimits,
  type SourceProblem,
} from "../ingest/read-sources.js";
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
  /** An external embedding (OPENAI_EMBEDDING_MODEL) instead of the local one; a change of `embeddingName` rebuilds. */
  embeddings?: Embeddings;
  /** The external embedding's name, recorded in the manifest. */
  embeddingName?: string;
  /**
   * Hears the build's progress by stage (see progress.ts). The structure stage is reported on every
   * call (the sources are always read); the others only when the index is built.
   */
  onProgress?: ProgressListener;
  /**
   * Load only (the main thread after the build worker): read the sources the worker vetted, never
   * run an extractor or structure a document anew, never build; throws when the saved index does
   * not match the sources (they changed meanwhile: the next reload builds again).
   */
  loadOnly?: boolean;
  /** Files the build worker skipped, with why: not read again, reported as problems. */
  skipped?: readonly SourceProblem[];
  /** Called before each source file is read (the worker's watchdog hears it). */
  onFile?: (source: string) => void;
  /** What a file may cost to read (read-sources.ts). */
  limits?: SourceLimits;
}

/** The embedding options of a build or load. */
function embeddingOf(opts: BuildIndexOptions): { embeddings?: Embeddings; embeddingName?: string } {
  return {
    ...(opts.embeddings ? { embeddings: opts.embeddings } : {}),
    ...(opts.embeddingName ? { embeddingName: opts.embeddingName } : {}),
  };
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
  /** `extracted`: the text of a PDF or Word file, so that it is not extracted again at start-up. */
  docs: { hash: string; doc: PolicyDoc; extracted?: ExtractedText }[];
}

function savedDocs(indexDir: string): {
  docs: Map<string, PolicyDoc>;
  extracted: Map<string, ExtractedText>;
} {
  const current = readCurrent(indexDir);
  const out = { docs: new Map<string, PolicyDoc>(), extracted: new Map<string, ExtractedText>() };
  if (!current?.manifest.files[DOCS_FILE]) return out;
  try {
    const saved = JSON.parse(readIndexFile(current, DOCS_FILE).toString("utf8")) as SavedDocs;
    if (saved.structureVersion !== STRUCTURE_VERSION) return out;
    for (const { hash, doc, extracted } of saved.docs) {
      out.docs.set(`${hash}:${doc.source}`, doc);
      if (extracted) out.extracted.set(hash, extracted);
    }
  } catch {
    // A damaged docs file: structure everything again.
  }
  return out;
}

/** Loads the saved index when it matches the sources, else builds (and saves) a new one. */
export async function buildOrLoadIndex(opts: BuildIndexOptions): Promise<BuiltIndex> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const previous = opts.force ? null : savedDocs(opts.indexDir);
  const skipped = opts.skipped ?? [];
  const read = await readSources(opts.sourcesDir, {
    cached: (hash) => previous?.extracted.get(hash),
    skip: new Set(skipped.map((p) => p.source)),
    ...(opts.loadOnly ? { cachedOnly: true } : {}),
    ...(opts.onFile ? { onFile: opts.onFile } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
  });
  const problems = [...skipped, ...read.problems].sort((a, b) => (a.source < b.source ? -1 : 1));
  for (const p of read.problems) log(`source ${p.source}: ${p.message}`);
  const cached = previous?.docs ?? new Map<string, PolicyDoc>();
  const restructured: string[] = [];
  const sources: SourceText[] = [];
  const docs: PolicyDoc[] = [];
  for (const [i, s] of read.sources.entries()) {
    reportEvery(opts.onProgress, "structure", i, read.sources.length, 100);
    const hit = cached.get(`${s.hash}:${s.source}`);
    if (!hit && opts.loadOnly) {
      problems.push({
        source: s.source,
        code: "unreadable",
        message: "skipped: it changed while the index was being built; it is read on the next reload",
      });
      continue;
    }
    if (!hit) {
      opts.onFile?.(s.source);
      restructured.push(s.source);
    }
    sources.push(s);
    docs.push(hit ?? structureDocument(s));
  }
  const hashes = Object.fromEntries(sources.map((s) => [s.source, s.hash]));
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
        ...embeddingOf(opts),
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

  if (opts.loadOnly) {
    throw new Error(
      "the saved index does not match the sources (they changed while it was being built); the next reload builds it again",
    );
  }
  const index = await SearchIndex.build(passagesOfAll(docs, sources), {
    userWords,
    onProgress: opts.onProgress,
    ...embeddingOf(opts),
  });
  reportEvery(opts.onProgress, "save", 0, 1);
  // SavedDocs, written piece by piece (one document at a time); a PDF's or Word file's extracted
  // text is kept so that a restart does not extract it again.
  const savedDoc = (doc: PolicyDoc, i: number): SavedDocs["docs"][number] => {
    const { hash, source, text, encoding, pages } = sources[i]!;
    if (!isExtracted(source) || (encoding !== "pdf" && encoding !== "docx")) return { hash, doc };
    return { hash, doc, extracted: { text, encoding, ...(pages ? { pages } : {}) } };
  };
  const docsPieces = function* (): Generator<string> {
    yield `{"structureVersion":${JSON.stringify(STRUCTURE_VERSION)},"docs":`;
    yield* jsonArrayPieces(docs.map(savedDoc));
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
