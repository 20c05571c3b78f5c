/**
 * An answer engine that can show its answer as it is written (LLM mode). Channels that can edit
 * or stream a message (the web chat's websocket, Slack's chat.update) pass `onPartial`; the final
 * Answer — its markers validated against the evidence — still comes back as the promise's value.
 */

import type { Answer } from "../types.js";
import type { AnswerEngine, Asker } from "./engine-interface.js";

export interface StreamingAnswerEngine extends AnswerEngine {
  /** Like `ask`, calling `onPartial` with the answer text so far while it is written (maybe never). */
  askStreaming(
    question: string,
    conversation: string | undefined,
    onPartial: (text: string) => void,
    asker?: Asker,
  ): Promise<Answer>;
}

/** True when the engine can stream. */
export function canStream(engine: AnswerEngine): engine is StreamingAnswerEngine {
  return typeof (engine as Partial<StreamingAnswerEngine>).askStreaming === "function";
}

/** Asks, streaming partial texts when the engine can. */
export function askWithPartials(
  engine: AnswerEngine,
  question: string,
  conversation: string | undefined,
  onPartial: (text: string) => void,
  asker?: Asker,
): Promise<Answer> {
  return canStream(engine)
    ? engine.askStreaming(question, conversation, onPartial, asker)
    : engine.ask(question, conversation, asker);
}
