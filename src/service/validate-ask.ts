/**
 * Validation of a `POST /api/ask` body — a pure function, no I/O, so every rule is tested directly.
 */
import { MAX_QUESTION_CHARS } from "../answer/engine-interface.js";

export { MAX_QUESTION_CHARS };

/** Most characters (Unicode code points) a conversation id may have. */
export const MAX_CONVERSATION_CHARS = 200;

/**
 * The namespace of conversations named through the HTTP API: the id a client sends, "c1", is kept
 * as "api:c1". A chat channel's conversations ("slack:T1:C1:thread:…", "dingtalk:…") and its
 * settings (`/policy use` scopes "slack:T1:C1") are thus out of the API's reach: "slack:T1:C1:…"
 * sent to `/api/ask` names "api:slack:T1:C1:…", a conversation of its own.
 */
export const API_CONVERSATION_PREFIX = "api:";

/** The conversation an API client's id names: in the API's own namespace (see `API_CONVERSATION_PREFIX`). */
export function apiConversation(id: string): string {
  return `${API_CONVERSATION_PREFIX}${id}`;
}

/** A validated ask request. */
export interface AskRequest {
  /** The question, trimmed; 1–2,000 characters. */
  question: string;
  /**
   * Groups follow-up questions: the client's id in the API's namespace ("c1" → "api:c1"); absent
   * when the client sent none (or an empty one).
   */
  conversation?: string;
}

/** The outcome of `validateAsk`: the request, or a message saying which field is wrong and why. */
export type AskValidation = { ok: true; value: AskRequest } | { ok: false; message: string };

/**
 * Checks a parsed JSON body: it must be an object with `question`, a string that is not blank and
 * has at most 2,000 characters, and optionally `conversation`, a string of at most 200 characters
 * (`null` counts as absent). Unknown extra fields are ignored.
 */
export function validateAsk(body: unknown): AskValidation {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail(
      `The body must be a JSON object like {"question": "第17项措施由谁牵头?"}, not ${describe(body)}.`,
    );
  }
  const fields = body as Record<string, unknown>;

  const rawQuestion = fields.question;
  if (rawQuestion === undefined) {
    return fail('The field "question" is missing; send it as a non-empty string.');
  }
  if (typeof rawQuestion !== "string") {
    return fail(`The field "question" must be a string, not ${describe(rawQuestion)}.`);
  }
  const question = rawQuestion.trim();
  if (question === "") {
    return fail('The field "question" is empty; write a question, e.g. "第17项措施由谁牵头?".');
  }
  const questionChars = countChars(question);
  if (questionChars > MAX_QUESTION_CHARS) {
    return fail(
      `The field "question" has ${questionChars} characters; the limit is ${MAX_QUESTION_CHARS}. ` +
        "Ask a shorter question.",
    );
  }

  const rawConversation = fields.conversation;
  if (rawConversation === undefined || rawConversation === null) return { ok: true, value: { question } };
  if (typeof rawConversation !== "string") {
    return fail(
      `The field "conversation" must be a string (an id you choose to group follow-up questions), ` +
        `not ${describe(rawConversation)}; omit it for a single question.`,
    );
  }
  const conversationChars = countChars(rawConversation);
  if (conversationChars > MAX_CONVERSATION_CHARS) {
    return fail(
      `The field "conversation" has ${conversationChars} characters; the limit is ${MAX_CONVERSATION_CHARS}. ` +
        "Use a shorter id.",
    );
  }
  if (rawConversation.trim() === "") return { ok: true, value: { question } };
  return { ok: true, value: { question, conversation: apiConversation(rawConversation) } };
}

function fail(message: string): AskValidation {
  return { ok: false, message };
}

/** Counts Unicode code points, so "𠀀" is one character, as a person would count it. */
function countChars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Names a JSON value's type for an error message: "an array", "a number", "null", …. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "boolean":
      return "a boolean";
    case "object":
      return "an object";
    default:
      return typeof value;
  }
}
