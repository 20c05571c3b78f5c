/**
 * Builds and saves the index of a sources folder in a worker thread, so that a rebuild does not
 * block the thread that answers questions; the caller then loads the saved index (a load is
 * ~10× faster than a build). Resolves with what the worker did, never rejects: a worker that
 * cannot start or crashes resolves `{ok: false}` and the caller builds in its own thread instead.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

export interface WorkerBuildRequest {
  sourcesDir: string;
  indexDir: string;
}

export type WorkerBuildResult =
  | { ok: true; action: "loaded" | "built"; documents: number; saveError: string | null; ms: number }
  | { ok: false; error: string };

/** Runs `buildOrLoadIndex` for `request` in a worker thread. */
export function buildInWorker(request: WorkerBuildRequest): Promise<WorkerBuildResult> {
  // Under tsx (development, tests) this file is TypeScript, and so is the worker's.
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./build-worker${ext}`, import.meta.url);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: WorkerBuildResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    let worker: Worker;
    try {
      worker =
        ext === ".ts"
          ? new Worker(tsxBootstrap(entry), { eval: true, workerData: request })
          : new Worker(entry, { workerData: request });
    } catch (err) {
      settle({ ok: false, error: err instanceof Error ? err.message : String(err) });
      return;
    }
    worker.once("message", (result: WorkerBuildResult) => settle(result));
    worker.once("error", (err) => settle({ ok: false, error: err.message }));
    worker.once("exit", (code) => settle({ ok: false, error: `the index worker exited with code ${code}` }));
  });
}

/** Worker code that registers tsx's loader, then imports the TypeScript entry. */
function tsxBootstrap(entry: URL): string {
  // The ESM build of tsx's API, next to the CommonJS one `require.resolve` finds.
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
