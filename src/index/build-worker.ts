/**
 * Worker-thread entry of `buildInWorker`: builds (or loads) the index of `workerData` and saves it,
 * then posts what it did. Runs off the main thread so that the service keeps answering meanwhile.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerBuildRequest, WorkerBuildResult } from "./build-in-worker.js";
import { buildOrLoadIndex } from "./build-index.js";

const request = workerData as WorkerBuildRequest;
let result: WorkerBuildResult;
try {
  const built = await buildOrLoadIndex({ sourcesDir: request.sourcesDir, indexDir: request.indexDir });
  result = {
    ok: true,
    action: built.action,
    documents: built.docs.length,
    saveError: built.saveError,
    ms: built.ms,
  };
} catch (err) {
  result = { ok: false, error: err instanceof Error ? err.message : String(err) };
}
parentPort?.postMessage(result);
