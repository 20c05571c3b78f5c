/**
 * The engine the service answers with, swappable while it runs: `reload()` builds a new engine in
 * the background (from the sources folder as it is now) and swaps it in atomically. A question
 * takes the engine current when it arrives, so answers in flight finish on the old index. A reload
 * that fails — the sources folder is gone, a build error — leaves the last good engine serving and
 * says why in one log line. Reloads never overlap: a reload asked for while one runs is run once
 * after it.
 *
 * It also carries what the chat channels ask of the service: the per-user rate limit (`admit`) and
 * the `/policy reload` command for admins.
 */
import { statSync } from "node:fs";
import type { Admission, AnswerEngine, Asker } from "../answer/engine-interface.js";
import { askWithPartials, type StreamingAnswerEngine } from "../answer/streaming.js";
import type { Answer } from "../types.js";
import { type Logger, silentLogger } from "./logger.js";
import { RateLimiter } from "./rate-limit.js";
import { isReloadCommand, type ReloadOutcome, reloadReply } from "./reload-reply.js";

/** An engine the holder can build and report on. */
export interface SwappableEngine extends AnswerEngine {
  /** How many documents it answers from. */
  readonly documentCount: number;
}

export interface LiveEngineOptions<E extends SwappableEngine> {
  /** Builds (or loads) an engine over the sources folder as it is now. */
  build: () => Promise<E>;
  /** The sources folder; a reload while it is missing keeps the current engine. */
  sourcesDir: string;
  log?: Logger;
  /** User ids allowed to `/policy reload`: "U123" (any channel) or "slack:U123". */
  admins?: readonly string[];
  /** Questions per user per minute in the chat channels; 0 or absent: no limit. */
  rateLimitPerMinute?: number;
  /** Clock of the rate limit (tests). */
  now?: () => number;
}

export class LiveEngine<E extends SwappableEngine> implements StreamingAnswerEngine {
  private engine: E | undefined;
  private failure: string | undefined;
  private running: Promise<ReloadOutcome> | undefined;
  private queued: Promise<ReloadOutcome> | undefined;
  private readonly log: Logger;
  private readonly admins: Set<string>;
  private readonly limiter: RateLimiter;

  constructor(private readonly options: LiveEngineOptions<E>) {
    this.log = options.log ?? silentLogger;
    this.admins = new Set((options.admins ?? []).map((a) => a.trim()).filter((a) => a !== ""));
    this.limiter = new RateLimiter(options.rateLimitPerMinute ?? 0, options.now);
  }

  /** The engine answering now (undefined until the first build). */
  get current(): E | undefined {
    return this.engine;
  }

  /** True once an engine is answering. */
  ready(): boolean {
    return this.engine !== undefined;
  }

  /**
   * Why the last build failed (the first one, or a reload), while no build has succeeded since;
   * undefined when the last build succeeded. `/readyz` reports it.
   */
  get lastFailure(): string | undefined {
    return this.failure;
  }

  /**
   * Builds the first engine; throws when it cannot be built (the caller keeps serving, not ready,
   * and a reload may build it later).
   */
  async start(): Promise<E> {
    try {
      const engine = await this.options.build();
      this.engine = engine;
      this.failure = undefined;
      return engine;
    } catch (err) {
      this.failure = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /**
   * Builds a new engine and swaps it in; never throws. While a reload runs, further calls share
   * one reload that starts after it (so a burst of changes builds at most twice).
   */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.run(reason);
      });
      return this.queued;
    }
    return this.run(reason);
  }

  private run(reason: string): Promise<ReloadOutcome> {
    const running: Promise<ReloadOutcome> = this.rebuild(reason).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async rebuild(reason: string): Promise<ReloadOutcome> {
    const { sourcesDir } = this.options;
    const keep = this.engine
      ? `still answering from the last good index (${this.engine.documentCount} documents)`
      : "no index is loaded yet";
    if (!isDirectory(sourcesDir)) {
      const why = `the sources folder ${sourcesDir} is missing`;
      this.failure = why;
      this.log.error(`index reload (${reason}) skipped: ${why}; ${keep}`, { sourcesDir });
      return { status: "failed", reason: why };
    }
    const started = Date.now();
    try {
      const next = await this.options.build();
      this.engine = next;
      this.failure = undefined;
      const ms = Date.now() - started;
      this.log.info(`index reloaded (${reason})`, { documents: next.documentCount, ms });
      return { status: "swapped", documents: next.documentCount, ms };
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.failure = why;
      this.log.error(`index reload (${reason}) failed: ${why}; ${keep}`, { err });
      return { status: "failed", reason: why };
    }
  }

  /**
   * True when `asker` may reload: verified by its channel as an admin (`admin`), or a user id the
   * platform vouches for (`verified`; never a self-chosen web chat id) that is listed in the admins.
   */
  isAdmin(asker: Asker | undefined): boolean {
    if (!asker) return false;
    if (asker.admin === true) return true;
    if (asker.verified !== true || asker.user === "") return false;
    return this.admins.has(asker.user) || this.admins.has(`${asker.channel}:${asker.user}`);
  }

  admit(asker: Asker): Admission {
    return this.limiter.take(`${asker.channel}:${asker.user}`);
  }

  ask(question: string, conversation?: string, asker?: Asker): Promise<Answer> {
    return this.answer(question, conversation, asker);
  }

  /** Like `ask`, streaming the answer as it is written when the current engine can (LLM mode). */
  askStreaming(
    question: string,
    conversation: string | undefined,
    onPartial: (text: string) => void,
    asker?: Asker,
  ): Promise<Answer> {
    return this.answer(question, conversation, asker, onPartial);
  }

  private async answer(
    question: string,
    conversation: string | undefined,
    asker: Asker | undefined,
    onPartial?: (text: string) => void,
  ): Promise<Answer> {
    if (typeof question === "string" && isReloadCommand(question)) {
      if (!this.isAdmin(asker)) return reloadReply(question, "forbidden");
      return reloadReply(question, await this.reload(`/policy reload by ${asker?.channel}:${asker?.user}`));
    }
    const engine = this.engine;
    if (engine === undefined) throw new Error("the answer engine is not ready");
    const started = performance.now();
    const answer = onPartial
      ? await askWithPartials(engine, question, conversation, onPartial, asker)
      : await engine.ask(question, conversation, asker);
    // One line per question (with the request id the logger adds); its text only at debug level.
    this.log.info("question answered", {
      channel: asker?.channel ?? "unknown",
      intent: answer.intent,
      found: answer.found,
      citations: answer.citations.length,
      ms: Math.round(performance.now() - started),
    });
    this.log.debug("question text", { question });
    return answer;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
