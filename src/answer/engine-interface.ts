import type { Answer } from "../types.js";

/** Who asks: the channel ("slack", "api", …) and the user id as the channel gives it. */
export interface Asker {
  channel: string;
  user: string;
  /** The platform authenticated the request, so `user` is who it says (else the id is only a claim). */
  verified?: boolean;
  /** The channel has checked that the asker holds an admin credential (the API token). */
  admin?: boolean;
}

/** Whether an asker may ask now, and if not, in how many seconds. */
export interface Admission {
  allowed: boolean;
  /** Seconds until the next question would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * What the service layer and every channel need from the answer engine: one method.
 * The engine is built elsewhere (src/answer/engine.ts); channels depend on this interface only.
 */
export interface AnswerEngine {
  /**
   * Answers one question; `conversation` groups follow-ups ("那第18项呢?"); `asker` says who asks
   * (for admin commands such as `/policy reload`). Never throws for user input.
   */
  ask(question: string, conversation?: string, asker?: Asker): Promise<Answer>;
  /** The per-user rate limit, checked once per chat question before `ask`; absent: no limit. */
  admit?(asker: Asker): Admission;
}

/** Longest question the engine understands (characters); the API refuses longer ones. */
export const MAX_QUESTION_CHARS = 2000;
