/**
 * Worker-thread entry of `buildInWorker`: builds (or loads) the index of `workerData` and saves it,
 * then posts what it did. Runs off the main thread so that the service keeps answering meanwhile.
 * It says which file it starts reading and which stage it enters, so that its parent can stop it
 * when one file takes too long and name that file.
 */
import { parentPort, workerData } from "node:worker_threads";
import { readSources } from "../ingest/read-sources.js";
import { structureDocument } from "../structure/structure.js";
import type { WorkerBuildRequest, WorkerBuildResult, WorkerMessage } from "./build-in-worker.js";
import { buildOrLoadIndex } from "./build-index.js";

const request = workerData as WorkerBuildRequest;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
const onFile = (source: string) => post({ type: "file", source });
const skipped = request.skipped ?? [];
let result: WorkerBuildResult;
try {
  const started = performance.now();
  if (request.vetOnly) {
    // Every file read and structured under the budgets; nothing built or saved.
    const read = await readSources(request.sourcesDir, {
      skip: new Set(skipped.map((p) => p.source)),
      onFile,
    });
    for (const s of read.sources) {
      onFile(s.source);
      structureDocument(s);
    }
    result = {
      ok: true,
      action: "vetted",
      documents: read.sources.length,
      saveError: null,
      ms: performance.now() - started,
      problems: [...skipped, ...read.problems],
    };
  } else {
    const built = await buildOrLoadIndex({
      sourcesDir: request.sourcesDir,
      indexDir: request.indexDir,
      skipped,
      onFile,
      onProgress: (p) => {
        if (p.done === 0) post({ type: "stage", stage: p.stage });
      },
    });
    result = {
      ok: true,
      action: built.action,
      documents: built.docs.length,
      saveError: built.saveError,
      ms: built.ms,
      problems: built.problems,
    };
  }
} catch (err) {
  result = { ok: false, error: err instanceof Error ? err.message : String(err), problems: skipped };
}
post({ type: "done", result });
