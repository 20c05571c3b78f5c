/**
 * The chat model of LLM mode: LangChain's `ChatOpenAI` (which calls the `openai` client) against
 * any OpenAI-compatible endpoint, with our own fault handling around it:
 * - one time budget per answer (`timeoutMs`) covers every attempt — an attempt that hangs is
 *   aborted when the budget ends, so the asker gets the extractive answer within the budget;
 * - bounded retries (`maxRetries`) of 429 and 5xx answers and dropped connections, with a short
 *   backoff that honours `Retry-After` when it fits the budget (LangChain's own retries are off:
 *   their backoff of seconds would not fit an answer's budget);
 * - token usage, latency and estimated cost of each call, reported to the caller.
 */
import type { BaseMessageLike } from "@langchain/core/messages";
import { ChatOpenAI } from "@langchain/openai";
import { estimateCost, type LlmSettings } from "./settings.js";

/** One message of a prompt. */
export interface PromptMessage {
  role: "system" | "user";
  content: string;
}

/** What a call used. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  ms: number;
  attempts: number;
  /** Estimated USD, or null when the model's price is unknown. */
  costUsd: number | null;
}

export interface Completion {
  text: string;
  usage: Usage;
}

/** Why a call gave no text: the budget ran out, retries were used up, or the endpoint refused. */
export class LlmError extends Error {
  constructor(
    readonly code: "timeout" | "unavailable" | "refused",
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LlmError";
  }
}

/** Options of one call. */
export interface CompleteOptions {
  /** Called with the text so far as it streams (the call streams only when this is given). */
  onText?: (textSoFar: string) => void;
  /** A budget smaller than the settings' (the rest of an answer's budget). */
  budgetMs?: number;
}

/** What LLM mode needs of a chat model (tests may pass their own). */
export interface ChatModel {
  readonly name: string;
  complete(messages: PromptMessage[], options?: CompleteOptions): Promise<Completion>;
}

/** The status of a failed call, when the error carries one. */
export function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; response?: { status?: unknown }; cause?: unknown } | null;
  if (!e || typeof e !== "object") return undefined;
  if (typeof e.status === "number") return e.status;
  if (typeof e.response?.status === "number") return e.response.status;
  if (e.cause && e.cause !== err) return statusOf(e.cause);
  return undefined;
}

/** True for a failure worth another attempt: 429, 5xx, or no HTTP answer at all (connection). */
export function isRetryable(err: unknown): boolean {
  const status = statusOf(err);
  if (status !== undefined) return status === 429 || status >= 500;
  const name = (err as { name?: unknown } | null)?.name;
  return name !== "AbortError" && !/abort/i.test(String((err as Error | null)?.message ?? ""));
}

/** Delay before retry `attempt` (0-based): 200, 400, 800 … ms, or the server's Retry-After when shorter than the budget. */
export function backoffMs(attempt: number, err: unknown, remainingMs: number): number {
  const headers = (err as { headers?: unknown } | null)?.headers;
  let retryAfter: string | null | undefined;
  if (headers instanceof Headers) retryAfter = headers.get("retry-after");
  else if (headers && typeof headers === "object")
    retryAfter = (headers as Record<string, string>)["retry-after"];
  const asked = retryAfter !== undefined && retryAfter !== null ? Number(retryAfter) * 1000 : Number.NaN;
  const base = Number.isFinite(asked) && asked >= 0 ? asked : 200 * 2 ** attempt;
  return Math.max(0, Math.min(base, remainingMs - 50));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The chat model of an OpenAI-compatible endpoint. */
export class OpenAiChatModel implements ChatModel {
  readonly name: string;
  private readonly model: ChatOpenAI;

  constructor(private readonly settings: LlmSettings) {
    this.name = settings.model;
    this.model = new ChatOpenAI({
      apiKey: settings.apiKey,
      model: settings.model,
      temperature: 0,
      maxRetries: 0,
      streamUsage: true,
      configuration: settings.baseUrl ? { baseURL: settings.baseUrl } : {},
    });
  }

  async complete(messages: PromptMessage[], options: CompleteOptions = {}): Promise<Completion> {
    const started = Date.now();
    const budget = Math.min(options.budgetMs ?? this.settings.timeoutMs, this.settings.timeoutMs);
    const deadline = started + budget;
    const input: BaseMessageLike[] = messages.map((m) => [m.role, m.content]);
    for (let attempt = 0; ; attempt++) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LlmError("timeout", `no answer within ${budget} ms`, attempt);
      const signal = AbortSignal.timeout(remaining);
      let emitted = false;
      try {
        let text = "";
        let inputTokens = 0;
        let outputTokens = 0;
        if (options.onText) {
          const stream = await this.model.stream(input, { signal });
          for await (const chunk of stream) {
            const piece = typeof chunk.content === "string" ? chunk.content : "";
            if (piece) {
              text += piece;
              emitted = true;
              options.onText(text);
            }
            if (chunk.usage_metadata) {
              inputTokens = chunk.usage_metadata.input_tokens;
              outputTokens = chunk.usage_metadata.output_tokens;
            }
          }
        } else {
          const message = await this.model.invoke(input, { signal });
          text = typeof message.content === "string" ? message.content : "";
          inputTokens = message.usage_metadata?.input_tokens ?? 0;
          outputTokens = message.usage_metadata?.output_tokens ?? 0;
        }
        const usage = { inputTokens, outputTokens };
        return {
          text,
          usage: {
            ...usage,
            ms: Date.now() - started,
            attempts: attempt + 1,
            costUsd: estimateCost(this.settings.price, usage),
          },
        };
      } catch (err) {
        if (signal.aborted || Date.now() >= deadline) {
          throw new LlmError("timeout", `no answer within ${budget} ms`, attempt + 1, { cause: err });
        }
        const status = statusOf(err);
        const retry = !emitted && isRetryable(err) && attempt < this.settings.maxRetries;
        if (!retry) {
          const code = status !== undefined && status < 500 && status !== 429 ? "refused" : "unavailable";
          throw new LlmError(code, (err as Error).message ?? String(err), attempt + 1, { cause: err });
        }
        await sleep(backoffMs(attempt, err, deadline - Date.now()));
      }
    }
  }
}
