/**
 * 👍/👎 feedback on an answer: `POST /api/feedback` with `{question, answer, conversation?, vote}`,
 * validated and appended as one JSON line to `<stateDir>/feedback.jsonl`.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { MAX_QUESTION_CHARS } from "../answer/engine-interface.js";

/** Longest answer text stored with a vote (characters). */
export const MAX_FEEDBACK_ANSWER_CHARS = 20_000;
/** Longest conversation id accepted (characters). */
export const MAX_CONVERSATION_CHARS = 200;
/** File name of the feedback log inside the state folder. */
export const FEEDBACK_FILE = "feedback.jsonl";

/** One vote as the client sends it. */
export interface Feedback {
  question: string;
  answer: string;
  conversation?: string;
  vote: "up" | "down";
}

/** One line of `feedback.jsonl`: the vote and when it was received. */
export interface FeedbackRecord extends Feedback {
  /** ISO 8601 time the vote was stored. */
  time: string;
}

/** The result of `validateFeedback`: the vote, or a message saying what to send instead. */
export type FeedbackCheck = { ok: true; value: Feedback } | { ok: false; message: string };

/** Checks a parsed request body; never throws. */
export function validateFeedback(body: unknown): FeedbackCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail('The body must be a JSON object like {"question", "answer", "vote": "up"}.');
  }
  const b = body as Record<string, unknown>;
  const allowed = new Set(["question", "answer", "conversation", "vote"]);
  const extra = Object.keys(b).find((k) => !allowed.has(k));
  if (extra !== undefined)
    return fail(`Unknown field "${extra.slice(0, 50)}"; send question, answer, conversation and vote.`);
  if (b.vote !== "up" && b.vote !== "down") return fail('"vote" must be "up" or "down".');
  if (typeof b.question !== "string" || b.question.trim() === "") {
    return fail('"question" must be the non-empty question that was answered.');
  }
  if (b.question.length > MAX_QUESTION_CHARS) {
    return fail(`"question" is longer than ${MAX_QUESTION_CHARS} characters.`);
  }
  if (typeof b.answer !== "string" || b.answer.trim() === "") {
    return fail('"answer" must be the non-empty answer text the vote is about.');
  }
  if (b.answer.length > MAX_FEEDBACK_ANSWER_CHARS) {
    return fail(`"answer" is longer than ${MAX_FEEDBACK_ANSWER_CHARS} characters.`);
  }
  if (b.conversation !== undefined) {
    if (typeof b.conversation !== "string" || b.conversation.length > MAX_CONVERSATION_CHARS) {
      return fail(`"conversation" must be a string of at most ${MAX_CONVERSATION_CHARS} characters.`);
    }
  }
  const value: Feedback = { question: b.question, answer: b.answer, vote: b.vote };
  if (typeof b.conversation === "string" && b.conversation !== "") value.conversation = b.conversation;
  return { ok: true, value };
}

function fail(message: string): FeedbackCheck {
  return { ok: false, message };
}

/**
 * Appends a vote to `<stateDir>/feedback.jsonl` (creating the folder), one JSON object per line.
 * Each line is written with a single append, so concurrent votes never interleave.
 */
export async function appendFeedback(
  stateDir: string,
  feedback: Feedback,
  now = new Date(),
): Promise<FeedbackRecord> {
  const record: FeedbackRecord = { time: now.toISOString(), ...feedback };
  await mkdir(stateDir, { recursive: true });
  await appendFile(join(stateDir, FEEDBACK_FILE), `${JSON.stringify(record)}\n`, "utf8");
  return record;
}
