/**
 * LLM mode as a decorator of the extractive engine. Every question is answered extractively
 * first; for the intents where wording helps (look-ups, summaries, digests) the model then words
 * an answer over the same evidence — the extractive answer's citations, plus passages found with
 * the model's Chinese search queries — and the result is grounded (grounding.ts) before anyone
 * sees it. Structured answers (who leads, which measures, lists, deadlines, metadata, refusals)
 * stay exactly as the extractive engine gives them: names come from the extracted measures, never
 * from the model; a summary's "who leads" line is composed from them too.
 *
 * Faults never cost the asker an answer: a model that times out, fails after its retries or is
 * unreachable gives the extractive answer with a short note; an answer left with no valid
 * citation gives the extractive answer as it is.
 */

import { type Logger, silentLogger } from "../../service/logger.js";
import type { Answer, Citation, Measure, PolicyDoc } from "../../types.js";
import type { AnswerEngine, Asker } from "../engine-interface.js";
import type { KnowledgeBase } from "../knowledge.js";
import { leadsPhrase } from "../render.js";
import type { StreamingAnswerEngine } from "../streaming.js";
import { isFollowUp } from "../understand.js";
import { type ChatModel, LlmError, type PromptMessage, type Usage } from "./client.js";
import {
  type EvidenceItem,
  fenceEvidence,
  fenceQuestion,
  groundAnswer,
  neutralize,
  scrubPartial,
} from "./grounding.js";
import { type PromptLang, renderPrompt } from "./prompts.js";
import { type PastTurn, parseRewrite, TurnMemory } from "./rewrite.js";

/** Intents whose answers the model words. */
export const WORDED_INTENTS: ReadonlySet<string> = new Set(["lookup", "summary", "digest"]);

/** Passages added beside the extractive answer's citations. */
const MAX_EXTRA_PASSAGES = 4;

export interface LlmEngineOptions {
  /** Time budget of the model's part of one answer (every call together), ms; default 6000. */
  budgetMs?: number;
  /**
   * After the model failed (timeout, retries used up, unreachable), answer extractively (with the
   * note) without asking it for this long, ms — so that an endpoint that is down does not cost
   * every asker the whole budget; default 15000, 0 asks every time.
   */
  cooldownMs?: number;
  log?: Logger;
}

/** The note added to the extractive answer when the model could not answer. */
export function fallbackNote(lang: "zh" | "en"): string {
  return lang === "zh"
    ? "（注：语言模型暂时无法使用，以上为文件原文摘录的回答。）"
    : "(Note: the language model is unavailable just now; this answer quotes the documents directly.)";
}

export class LlmEngine implements StreamingAnswerEngine {
  private readonly memory = new TurnMemory();
  private readonly log: Logger;
  private readonly budgetMs: number;
  private readonly cooldownMs: number;
  /** Until when (epoch ms) the model is not asked after a failure. */
  private pausedUntil = 0;

  constructor(
    private readonly inner: AnswerEngine & { kb: KnowledgeBase },
    private readonly model: ChatModel,
    options: LlmEngineOptions = {},
  ) {
    this.log = options.log ?? silentLogger;
    this.budgetMs = options.budgetMs ?? 6000;
    this.cooldownMs = options.cooldownMs ?? 15_000;
  }

  get kb(): KnowledgeBase {
    return this.inner.kb;
  }

  ask(question: string, conversation?: string, asker?: Asker): Promise<Answer> {
    return this.answer(question, conversation, undefined, asker);
  }

  askStreaming(
    question: string,
    conversation: string | undefined,
    onPartial: (text: string) => void,
    asker?: Asker,
  ): Promise<Answer> {
    return this.answer(question, conversation, onPartial, asker);
  }

  private async answer(
    question: string,
    conversation: string | undefined,
    onPartial?: (text: string) => void,
    asker?: Asker,
  ): Promise<Answer> {
    const history = this.memory.get(conversation);
    const base = await this.inner.ask(question, conversation, asker);
    const q = typeof question === "string" ? question.trim() : "";
    const worded =
      WORDED_INTENTS.has(base.intent) && base.found && base.citations.length > 0 && !q.startsWith("/policy")
        ? await this.word(q, base, history, onPartial)
        : base;
    this.memory.add(conversation, { question: q, answer: worded.answer });
    return worded;
  }

  /** The model's wording of `base`, grounded; `base` itself (with a note on a fault) otherwise. */
  private async word(
    question: string,
    base: Answer,
    history: PastTurn[],
    onPartial?: (text: string) => void,
  ): Promise<Answer> {
    const started = Date.now();
    const deadline = started + this.budgetMs;
    const lang: PromptLang = base.language;
    const usages: Usage[] = [];
    const logFields = () => ({
      intent: base.intent,
      model: this.model.name,
      calls: usages.length,
      inputTokens: usages.reduce((s, u) => s + u.inputTokens, 0),
      outputTokens: usages.reduce((s, u) => s + u.outputTokens, 0),
      costUsd: usages.some((u) => u.costUsd === null)
        ? null
        : usages.reduce((s, u) => s + (u.costUsd ?? 0), 0),
      ms: Date.now() - started,
    });
    const system: PromptMessage = { role: "system", content: renderPrompt(lang, "system", {}) };
    if (Date.now() < this.pausedUntil) return { ...base, answer: `${base.answer}\n\n${fallbackNote(lang)}` };
    try {
      // 1. Query understanding: English questions and follow-ups get Chinese queries and a standalone form.
      let standalone = "";
      let queries: string[] = [];
      const followUp = history.length > 0 && isFollowUp(question);
      if (base.intent === "lookup" && (lang === "en" || followUp)) {
        const rewrite = await this.model.complete(
          [
            system,
            {
              role: "user",
              content: renderPrompt(lang, "query-rewrite", {
                conversation: history.length ? `\n\n${conversationBlock(history)}` : "",
                question: fenceQuestion(question),
              }),
            },
          ],
          { budgetMs: deadline - Date.now() },
        );
        usages.push(rewrite.usage);
        const parsed = parseRewrite(rewrite.text);
        if (parsed) {
          standalone = parsed.standalone;
          queries = parsed.queries;
        }
      }

      // 2. The evidence: the extractive answer's citations, then passages the queries find.
      const evidence = base.citations.map((c, i) => ({ ...c, id: i + 1 }));
      if (base.intent === "lookup") {
        const searches = [...(lang === "zh" ? [standalone || question] : []), ...queries];
        evidence.push(...(await this.extraPassages(searches, evidence)));
      }
      const items: EvidenceItem[] = evidence.map((c) => ({
        id: c.id,
        quote: c.quote,
        title: c.title,
        section: c.section,
      }));

      // 3. The answer, streamed when the channel can show it.
      const template = base.intent === "lookup" ? "answer" : "summary";
      const asked =
        standalone && standalone !== question
          ? `${fenceQuestion(question)}\n${lang === "zh" ? "（结合上文：" : "(With the conversation: "}${neutralize(standalone)}${lang === "zh" ? "）" : ")"}`
          : fenceQuestion(question);
      const prompt = renderPrompt(lang, template, {
        evidence: fenceEvidence(items),
        conversation: history.length && base.intent === "lookup" ? `${conversationBlock(history)}\n\n` : "",
        question: asked,
      });
      const completion = await this.model.complete([system, { role: "user", content: prompt }], {
        budgetMs: deadline - Date.now(),
        ...(onPartial ? { onText: (text: string) => onPartial(scrubPartial(text, items.length)) } : {}),
      });
      usages.push(completion.usage);

      // 4. Grounding: markers, names, numbers and dates checked against the cited quotes.
      const names = this.kb.leadNames;
      const modelOnly = groundAnswer(completion.text, items, { lang, names });
      if (!modelOnly) {
        this.log.info("llm answer had no valid citation; answered extractively", logFields());
        return base;
      }
      const leadLines = base.intent === "summary" ? this.leadLines(evidence, lang) : "";
      const grounded = leadLines
        ? (groundAnswer(`${completion.text.trim()}\n${leadLines}`, items, { lang, names }) ?? modelOnly)
        : modelOnly;
      const citations: Citation[] = grounded.used.map((id, i) => ({ ...evidence[id - 1]!, id: i + 1 }));
      this.log.info("llm answer", {
        ...logFields(),
        grounded: true,
        droppedSentences: grounded.dropped.length,
        invalidMarkers: grounded.invalidMarkers,
      });
      return { ...base, answer: grounded.text, citations };
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      if (err.code !== "refused") this.pausedUntil = Date.now() + this.cooldownMs;
      this.log.warn("llm unavailable; answered extractively", {
        ...logFields(),
        code: err.code,
        attempts: err.attempts,
        error: err.message,
      });
      return { ...base, answer: `${base.answer}\n\n${fallbackNote(lang)}` };
    }
  }

  /** Passages the searches find that the evidence does not hold yet, as citations numbered after it. */
  private async extraPassages(searches: string[], evidence: Citation[]): Promise<Citation[]> {
    const kb = this.kb;
    const sources = [...new Set(evidence.map((c) => c.source))];
    const extra: Citation[] = [];
    const overlaps = (source: string, start: number, end: number) =>
      [...evidence, ...extra].some((c) => c.source === source && c.start < end && start < c.end);
    for (const query of searches) {
      if (query.trim() === "") continue;
      const hits = await kb.index.search(query, { k: 3, ...(sources.length ? { sources } : {}) });
      for (const { passage } of hits) {
        if (extra.length >= MAX_EXTRA_PASSAGES) return extra;
        if (overlaps(passage.source, passage.start, passage.end)) continue;
        const doc = kb.doc(passage.source);
        if (!doc) continue;
        extra.push(citationOf(kb, doc, passage, evidence.length + extra.length + 1));
      }
    }
    return extra;
  }

  /** "- 责任：…[n]" for every measure a summary quotes whole, from the extracted leads. */
  private leadLines(evidence: Citation[], lang: "zh" | "en"): string {
    const lines: string[] = [];
    for (const c of evidence) {
      const m = this.measureQuotedWhole(c);
      if (!m) continue;
      lines.push(
        m.leads.length
          ? lang === "zh"
            ? `- 责任：${leadsPhrase(m.leads, "zh")}[${c.id}]`
            : `- Responsible: ${leadsPhrase(m.leads, "en")} [${c.id}]`
          : lang === "zh"
            ? `- 责任：文中未写明牵头单位[${c.id}]`
            : `- Responsible: the text names no lead [${c.id}]`,
      );
    }
    return lines.join("\n");
  }

  private measureQuotedWhole(c: Citation): Measure | undefined {
    if (c.number === undefined) return undefined;
    const m = this.kb.doc(c.source)?.measures.find((x) => x.number === c.number);
    return m && m.start === c.start && m.end === c.end ? m : undefined;
  }
}

/** A citation of a passage (its verbatim source text). */
function citationOf(
  kb: KnowledgeBase,
  doc: PolicyDoc,
  passage: { start: number; end: number; section: string; measure: number | null },
  id: number,
): Citation {
  const c: Citation = {
    id,
    source: doc.source,
    title: doc.title,
    section: passage.section || doc.title,
    quote: kb.source(doc.source).text.slice(passage.start, passage.end),
    start: passage.start,
    end: passage.end,
  };
  if (passage.measure !== null) c.number = passage.measure;
  return c;
}

/** Earlier turns, fenced as data. */
function conversationBlock(history: PastTurn[]): string {
  const turns = history
    .map((t) => `<turn>\nQ: ${neutralize(t.question)}\nA: ${neutralize(t.answer.slice(0, 400))}\n</turn>`)
    .join("\n");
  return `<conversation>\n${turns}\n</conversation>`;
}
