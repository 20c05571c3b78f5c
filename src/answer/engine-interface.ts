import type { Answer } from "../types.js";

/**
 * What the service layer and every channel need from the answer engine: one method.
 * The engine is built elsewhere (src/answer/engine.ts); channels depend on this interface only.
 */
export interface AnswerEngine {
  /** Answers one question; `conversation` groups follow-ups ("那第18项呢?"). Never throws for user input. */
  ask(question: string, conversation?: string): Promise<Answer>;
}

/** Longest question the engine understands (characters); the API refuses longer ones. */
export const MAX_QUESTION_CHARS = 2000;
