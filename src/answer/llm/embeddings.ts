/**
 * Passage and query vectors from an OpenAI-compatible endpoint (OPENAI_EMBEDDING_MODEL), as a
 * LangChain `Embeddings` for the hnswlib index in place of the local LSA model. Floats are asked
 * for explicitly (`encoding_format: "float"`): several compatible servers ignore base64, and the
 * client would then decode their floats as garbage without a word.
 */
import type { Embeddings } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";

/** Settings of the remote embedding. */
export interface EmbeddingSettings {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** Time limit of one request (ms). */
  timeoutMs: number;
  /** Retries of a failed request (LangChain's backoff; building an index may wait). */
  maxRetries: number;
}

/** The name recorded in the index manifest: a different model (or endpoint kind) rebuilds the vectors. */
export function remoteEmbeddingName(model: string): string {
  return `openai:${model}`;
}

/** The endpoint's embedding, named for the manifest. */
export function createRemoteEmbeddings(settings: EmbeddingSettings): {
  embeddings: Embeddings;
  name: string;
} {
  const embeddings = new OpenAIEmbeddings({
    apiKey: settings.apiKey,
    model: settings.model,
    encodingFormat: "float",
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    batchSize: 256,
    ...(settings.baseUrl ? { configuration: { baseURL: settings.baseUrl } } : {}),
  });
  return { embeddings, name: remoteEmbeddingName(settings.model) };
}
