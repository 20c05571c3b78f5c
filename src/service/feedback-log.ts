/**
 * The feedback file, bounded: votes are rate limited per client address and overall (429 with
 * Retry-After beyond either), each record is capped in size (a long answer is stored shortened,
 * marked `answerTruncated`), and `feedback.jsonl` is rotated when it would pass a size
 * (feedback.jsonl → feedback.jsonl.1 → … → feedback.jsonl.<keep>, the oldest dropped). Appends and
 * rotations run one at a time, so records never interleave.
 */
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { HttpError } from "./errors.js";
import { appendFeedback, FEEDBACK_FILE, type Feedback, type FeedbackRecord } from "./feedback.js";
import { RateLimiter } from "./rate-limit.js";

/** Votes one client address may send per minute. */
export const DEFAULT_FEEDBACK_PER_CLIENT_PER_MINUTE = 20;
/** Votes all clients together may send per minute. */
export const DEFAULT_FEEDBACK_PER_MINUTE = 300;
/** Largest record stored, in bytes of its JSON line: 16 KiB. */
export const MAX_FEEDBACK_RECORD_BYTES = 16 * 1024;
/** The file is rotated when a record would take it past this: 10 MiB. */
export const DEFAULT_FEEDBACK_ROTATE_BYTES = 10 * 1024 * 1024;
/** Rotated files kept (feedback.jsonl.1 … .3). */
export const DEFAULT_FEEDBACK_KEEP_FILES = 3;

export interface FeedbackLogOptions {
  /** The state folder; the log is `<dir>/feedback.jsonl`. */
  dir: string;
  perClientPerMinute?: number;
  perMinute?: number;
  rotateBytes?: number;
  keepFiles?: number;
  maxRecordBytes?: number;
  now?: () => number;
}

/**
 * The vote as stored: when its JSON line would be over `maxBytes`, the answer is shortened (and
 * `answerTruncated: true` added) until it fits. Pure.
 */
export function capFeedback(
  feedback: Feedback,
  maxBytes = MAX_FEEDBACK_RECORD_BYTES,
): Feedback & { answerTruncated?: true } {
  const size = (f: Feedback) =>
    Buffer.byteLength(`${JSON.stringify({ time: "2000-01-01T00:00:00.000Z", ...f })}\n`);
  if (size(feedback) <= maxBytes) return feedback;
  const chars = [...feedback.answer];
  let keep = chars.length;
  let capped: Feedback & { answerTruncated?: true } = feedback;
  while (keep > 0) {
    const over = size(capped) - maxBytes;
    if (over <= 0) break;
    // At least one character fewer each time; more when far over (a character is 1–6 bytes of JSON).
    keep = Math.max(0, keep - Math.max(1, Math.ceil(over / 6)));
    capped = { ...feedback, answer: `${chars.slice(0, keep).join("")}…`, answerTruncated: true };
  }
  return capped;
}

export class FeedbackLog {
  private readonly perClient: RateLimiter;
  private readonly overall: RateLimiter;
  private readonly file: string;
  private readonly rotateBytes: number;
  private readonly keepFiles: number;
  private readonly maxRecordBytes: number;
  /** Bytes of the current file, once known. */
  private size: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: FeedbackLogOptions) {
    const now = options.now ?? Date.now;
    this.perClient = new RateLimiter(
      options.perClientPerMinute ?? DEFAULT_FEEDBACK_PER_CLIENT_PER_MINUTE,
      now,
    );
    this.overall = new RateLimiter(options.perMinute ?? DEFAULT_FEEDBACK_PER_MINUTE, now);
    this.file = join(options.dir, FEEDBACK_FILE);
    this.rotateBytes = options.rotateBytes ?? DEFAULT_FEEDBACK_ROTATE_BYTES;
    this.keepFiles = options.keepFiles ?? DEFAULT_FEEDBACK_KEEP_FILES;
    this.maxRecordBytes = options.maxRecordBytes ?? MAX_FEEDBACK_RECORD_BYTES;
  }

  /**
   * Stores a vote from `client` (its address). Throws a 429 `HttpError` (with Retry-After) when the
   * client or all clients together are over their limit; the vote is then not stored.
   */
  append(client: string, feedback: Feedback, now = new Date()): Promise<FeedbackRecord> {
    const mine = this.perClient.take(client);
    if (!mine.allowed) return Promise.reject(tooMany(mine.retryAfterSeconds, "from this address"));
    const all = this.overall.take("all");
    if (!all.allowed) return Promise.reject(tooMany(all.retryAfterSeconds, "from everyone just now"));
    const capped = capFeedback(feedback, this.maxRecordBytes);
    const run = this.queue.then(() => this.write(capped, now));
    this.queue = run.catch(() => {});
    return run;
  }

  private async write(feedback: Feedback, now: Date): Promise<FeedbackRecord> {
    await mkdir(this.options.dir, { recursive: true });
    if (this.size === undefined) this.size = await fileSize(this.file);
    const line = Buffer.byteLength(`${JSON.stringify({ time: now.toISOString(), ...feedback })}\n`);
    if (this.size > 0 && this.size + line > this.rotateBytes) {
      await this.rotate();
      this.size = 0;
    }
    const record = await appendFeedback(this.options.dir, feedback, now);
    this.size += line;
    return record;
  }

  /** feedback.jsonl.<keep> is dropped, each .n becomes .n+1, and the file becomes .1. */
  private async rotate(): Promise<void> {
    await rm(`${this.file}.${this.keepFiles}`, { force: true });
    for (let n = this.keepFiles - 1; n >= 1; n--) {
      await rename(`${this.file}.${n}`, `${this.file}.${n + 1}`).catch(() => {});
    }
    if (this.keepFiles >= 1) await rename(this.file, `${this.file}.1`);
    else await rm(this.file, { force: true });
  }
}

async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

function tooMany(wait: number, from: string): HttpError {
  return new HttpError(
    429,
    "rate_limited",
    `Too many votes ${from}; please wait ${wait} s and vote again. Thank you!`,
    { headers: { "Retry-After": String(wait) } },
  );
}
