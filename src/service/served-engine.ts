/**
 * The engine `npm start` serves, built the safe way: every source file is read in the build worker
 * under its heap limit and time budgets (a hostile file is skipped with a problem), then this
 * thread only loads what the worker saved. A failed worker build throws — the caller (LiveEngine)
 * keeps the previous index serving — and is never run again in this thread. With the endpoint's
 * embedding (OPENAI_EMBEDDING_MODEL) the worker only vets the files, and the vectors are built here
 * from the files it accepted.
 */
import type { ConversationStore } from "../answer/conversation.js";
import type { BuiltEngine } from "../answer/engine.js";
import type { AnswerEngine } from "../answer/engine-interface.js";
import type { KnowledgeBase } from "../answer/knowledge.js";
import { createEngineWithEmbeddings, withLlm } from "../answer/llm/from-config.js";
import type { Config } from "../config.js";
import { buildInWorker, DEFAULT_WORKER_LIMITS, type WorkerLimits } from "../index/build-in-worker.js";
import type { BuiltIndex } from "../index/build-index.js";
import { type Logger, silentLogger } from "./logger.js";

/** What the service answers with: the engine (LLM mode or not), its knowledge base and build. */
export type ServedEngine = AnswerEngine & { kb: KnowledgeBase; documentCount: number; built: BuiltIndex };

export interface ServedEngineOptions {
  sourcesDir: string;
  indexDir: string;
  openai: Config["openai"];
  workerLimits?: Partial<WorkerLimits>;
  conversations?: ConversationStore;
  log?: Logger;
  llmLog?: Logger;
}

/** Builds (in the worker) or loads the index and returns the engine to serve; throws when it cannot. */
export async function buildServedEngine(options: ServedEngineOptions): Promise<ServedEngine> {
  const { sourcesDir, indexDir, openai } = options;
  const log = options.log ?? silentLogger;
  const remoteVectors = Boolean(openai.apiKey && openai.embeddingModel);
  const worker = await buildInWorker(
    { sourcesDir, indexDir, ...(remoteVectors ? { vetOnly: true } : {}) },
    { ...DEFAULT_WORKER_LIMITS, ...options.workerLimits },
  );
  if (!worker.ok) throw new Error(`the index worker could not build the index: ${worker.error}`);
  const built: BuiltEngine = await createEngineWithEmbeddings(
    {
      sourcesDir,
      indexDir,
      log: (message: string) => log.info(message),
      ...(options.conversations ? { conversations: options.conversations } : {}),
      skipped: worker.problems,
      loadOnly: !remoteVectors,
    },
    openai,
    (message) => log.warn(message),
  );
  const answering = withLlm(built, openai, options.llmLog);
  return Object.assign(answering, { documentCount: built.built.docs.length, built: built.built });
}
