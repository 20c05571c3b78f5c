/**
 * Builds and saves the index of a sources folder in a worker thread, so that a rebuild does not
 * block the thread that answers questions and a hostile file cannot take the service down: the
 * worker runs under a heap limit (`resourceLimits`), each file it reads under a time budget, the
 * whole build under a timeout. When the worker dies or stalls on a file (out of memory, over time),
 * that file is reported as a problem and the build starts again without it, so one hostile file is
 * skipped and the rest is served. Resolves with what the worker did, never rejects; a failed build
 * is `{ok: false}` — the caller keeps its previous index, it never builds in its own thread.
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SourceProblem } from "../ingest/source-problem.js";

export interface WorkerBuildRequest {
  sourcesDir: string;
  indexDir: string;
  /** Files not to read (an earlier attempt found them over budget). */
  skipped?: SourceProblem[];
  /** Only read and structure every file under the budgets (no index built or saved): the vetting pass. */
  vetOnly?: boolean;
}

export type WorkerBuildResult =
  | {
      ok: true;
      action: "loaded" | "built" | "vetted";
      documents: number;
      saveError: string | null;
      ms: number;
      /** Every file not indexed, with why (the over-budget ones included). */
      problems: SourceProblem[];
    }
  | { ok: false; error: string; problems: SourceProblem[] };

/** What the worker sends: the file it starts reading, the build stage it enters, its result. */
export type WorkerMessage =
  | { type: "file"; source: string }
  | { type: "stage"; stage: string }
  | { type: "done"; result: WorkerBuildResult };

export interface WorkerLimits {
  /** The worker's heap limit (MB): a file whose parse needs more kills the worker, not the service. */
  maxHeapMb: number;
  /** Longest a single file may take to read and structure (ms). */
  fileTimeoutMs: number;
  /** Longest the whole build may take (ms). */
  buildTimeoutMs: number;
  /** Most files skipped for their budget in one build before it gives up. */
  maxSkipped: number;
}

export const DEFAULT_WORKER_LIMITS: WorkerLimits = {
  maxHeapMb: 2048,
  fileTimeoutMs: 120_000,
  buildTimeoutMs: 60 * 60_000,
  maxSkipped: 10,
};

/** Runs `buildOrLoadIndex` for `request` in a worker thread, skipping the files over budget. */
export async function buildInWorker(
  request: WorkerBuildRequest,
  limits: WorkerLimits = DEFAULT_WORKER_LIMITS,
): Promise<WorkerBuildResult> {
  const skipped = [...(request.skipped ?? [])];
  for (;;) {
    const run = await runWorker({ ...request, skipped }, limits);
    if (run.result) return run.result;
    if (run.file === undefined || skipped.length >= limits.maxSkipped) {
      return { ok: false, error: run.why, problems: skipped };
    }
    skipped.push({ source: run.file, code: "over-budget", message: `skipped: ${run.why}` });
  }
}

interface WorkerRun {
  result?: WorkerBuildResult;
  /** Why the worker did not finish, and the file it was reading then. */
  why: string;
  file?: string;
}

function runWorker(request: WorkerBuildRequest, limits: WorkerLimits): Promise<WorkerRun> {
  // Under tsx (development, tests) this file is TypeScript, and so is the worker's.
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./build-worker${ext}`, import.meta.url);
  return new Promise((resolve) => {
    let settled = false;
    let file: string | undefined;
    let fileTimer: NodeJS.Timeout | undefined;
    let buildTimer: NodeJS.Timeout | undefined;
    let worker: Worker | undefined;
    const settle = (run: WorkerRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(fileTimer);
      clearTimeout(buildTimer);
      void worker?.terminate();
      resolve(run);
    };
    const options = {
      workerData: request,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb },
    };
    try {
      worker =
        ext === ".ts"
          ? new Worker(tsxBootstrap(entry), { ...options, eval: true })
          : new Worker(entry, options);
    } catch (err) {
      settle({ why: `the index worker cannot start (${err instanceof Error ? err.message : String(err)})` });
      return;
    }
    buildTimer = setTimeout(
      () => settle({ why: `the index build took longer than ${seconds(limits.buildTimeoutMs)}`, file }),
      limits.buildTimeoutMs,
    );
    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "file") {
        file = message.source;
        clearTimeout(fileTimer);
        fileTimer = setTimeout(
          () =>
            settle({
              why: `reading it took longer than ${seconds(limits.fileTimeoutMs)} (the time a file may take)`,
              file,
            }),
          limits.fileTimeoutMs,
        );
      } else if (message.type === "stage") {
        if (message.stage !== "structure") {
          file = undefined;
          clearTimeout(fileTimer);
        }
      } else settle({ result: message.result, why: "" });
    });
    worker.once("error", (err: Error & { code?: string }) => {
      const why =
        err.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? `reading it needs more memory than the index worker may use (${limits.maxHeapMb} MB)`
          : `the index worker failed (${err.message})`;
      settle({ why: file === undefined ? why.replace("reading it needs", "the build needs") : why, file });
    });
    worker.once("exit", (code) => settle({ why: `the index worker exited with code ${code}`, file }));
  });
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** Worker code that registers tsx's loader, then imports the TypeScript entry. */
function tsxBootstrap(entry: URL): string {
  // The ESM build of tsx's API, next to the CommonJS one `require.resolve` finds.
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
}
