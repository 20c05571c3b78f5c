/** What LLM mode needs, from the `openai` part of the settings (src/config.ts). */

/** Settings of LLM mode; LLM mode is on when `apiKey` and `model` are set. */
export interface LlmSettings {
  apiKey: string;
  /** The endpoint's base URL (default: the OpenAI API). */
  baseUrl?: string;
  /** The chat model that words answers. */
  model: string;
  /** Time budget of the model's part of one answer, retries included (ms). */
  timeoutMs: number;
  /** Retries of a call that failed with 429 or 5xx, within the budget. */
  maxRetries: number;
  /** USD per million tokens (input, output), for the estimated cost in the logs. */
  price?: { input: number; output: number };
}

/** The default chat model when OPENAI_MODEL is empty (the endpoint's own names differ: deepseek-chat, qwen-plus, …). */
export const DEFAULT_CHAT_MODEL = "gpt-4o-mini";

/** List prices (USD per million tokens) of a few common models, used when no price is configured. */
const KNOWN_PRICES: Record<string, { input: number; output: number }> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6 },
  "gpt-4o": { input: 2.5, output: 10 },
  "gpt-4.1-mini": { input: 0.4, output: 1.6 },
  "deepseek-chat": { input: 0.27, output: 1.1 },
  "qwen-plus": { input: 0.11, output: 0.28 },
  "qwen-turbo": { input: 0.04, output: 0.08 },
};

/** The LLM settings of a configuration, or undefined when LLM mode is off (no API key). */
export function llmSettingsOf(openai: {
  apiKey?: string;
  baseUrl?: string;
  model?: string;
  timeoutMs: number;
  maxRetries: number;
  pricePerMTok?: string;
}): LlmSettings | undefined {
  if (!openai.apiKey) return undefined;
  const model = openai.model ?? DEFAULT_CHAT_MODEL;
  const parsed = openai.pricePerMTok?.split(",").map((x) => Number(x.trim()));
  const price =
    parsed && parsed.length === 2 && parsed.every((x) => Number.isFinite(x))
      ? { input: parsed[0]!, output: parsed[1]! }
      : KNOWN_PRICES[model];
  return {
    apiKey: openai.apiKey,
    model,
    timeoutMs: openai.timeoutMs,
    maxRetries: openai.maxRetries,
    ...(openai.baseUrl ? { baseUrl: openai.baseUrl } : {}),
    ...(price ? { price } : {}),
  };
}

/** Estimated cost in USD of a call, or null when the model's price is unknown. */
export function estimateCost(
  price: LlmSettings["price"],
  usage: { inputTokens: number; outputTokens: number },
): number | null {
  if (!price) return null;
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
