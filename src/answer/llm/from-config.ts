/**
 * LLM mode from the settings: the engine wrapped in `LlmEngine` when OPENAI_API_KEY is set, and
 * the remote embedding when OPENAI_EMBEDDING_MODEL is set too. Without a key nothing changes.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import type { Config } from "../../config.js";
import type { Logger } from "../../service/logger.js";
import { type BuiltEngine, type CreateEngineOptions, createEngine } from "../engine.js";
import type { AnswerEngine } from "../engine-interface.js";
import type { KnowledgeBase } from "../knowledge.js";
import { OpenAiChatModel } from "./client.js";
import { createRemoteEmbeddings } from "./embeddings.js";
import { LlmEngine } from "./llm-engine.js";
import { llmSettingsOf } from "./settings.js";

/** The embedding options of `createEngine`: empty unless a key and an embedding model are set. */
export function embeddingOptionsOf(openai: Config["openai"]): {
  embeddings?: Embeddings;
  embeddingName?: string;
} {
  if (!openai.apiKey || !openai.embeddingModel) return {};
  const { embeddings, name } = createRemoteEmbeddings({
    apiKey: openai.apiKey,
    model: openai.embeddingModel,
    timeoutMs: openai.timeoutMs,
    maxRetries: openai.maxRetries,
    ...(openai.baseUrl ? { baseUrl: openai.baseUrl } : {}),
  });
  return { embeddings, embeddingName: name };
}

/**
 * `createEngine` with the endpoint's embedding when OPENAI_EMBEDDING_MODEL is set. When the
 * endpoint fails during the build, the vectors come from the local model instead (`warn` hears
 * why), so that the service still starts; the next start with a working endpoint rebuilds them.
 */
export async function createEngineWithEmbeddings(
  options: CreateEngineOptions,
  openai: Config["openai"],
  warn: (message: string) => void,
): Promise<BuiltEngine> {
  const embedding = embeddingOptionsOf(openai);
  if (!embedding.embeddings) return createEngine(options);
  try {
    return await createEngine({ ...options, ...embedding });
  } catch (err) {
    warn(
      `could not build the vectors with ${embedding.embeddingName} (${err instanceof Error ? err.message : String(err)}); ` +
        "using the local embedding until the endpoint answers",
    );
    return createEngine(options);
  }
}

/** The engine to serve: wrapped in LLM mode when a key is set, else `engine` itself. */
export function withLlm<E extends AnswerEngine & { kb: KnowledgeBase }>(
  engine: E,
  openai: Config["openai"],
  log?: Logger,
): AnswerEngine & { kb: KnowledgeBase } {
  const settings = llmSettingsOf(openai);
  if (!settings) return engine;
  log?.info("LLM mode on", {
    model: settings.model,
    baseUrl: settings.baseUrl ?? "https://api.openai.com/v1",
  });
  return new LlmEngine(engine, new OpenAiChatModel(settings), {
    budgetMs: settings.timeoutMs,
    ...(log ? { log } : {}),
  });
}
