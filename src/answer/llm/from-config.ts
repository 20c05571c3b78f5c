/**
 * LLM mode from the settings: the engine wrapped in `LlmEngine` when OPENAI_API_KEY is set, and
 * the remote embedding when OPENAI_EMBEDDING_MODEL is set too. Without a key nothing changes.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import type { Config } from "../../config.js";
import type { Logger } from "../../service/logger.js";
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
