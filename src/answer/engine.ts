/**
 * The answer engine: understand → resolve → compose → cite. Structured questions (who leads N,
 * what does X lead, list the measures) are answered from the extracted measures; the rest from
 * retrieval, quoting sentences verbatim. No LLM is needed.
 */
import { type BuiltIndex, buildOrLoadIndex } from "../index/build-index.js";
import { placesIn } from "../structure/places.js";
import type { Answer, PolicyDoc } from "../types.js";
import { Citations } from "./citations.js";
import type { ComposeContext, Composed, Target } from "./compose/context.js";
import { deadlinesOf } from "./compose/deadline.js";
import { leadOfMeasure, measuresOfLead, unknownLead } from "./compose/lead.js";
import { listMeasures, listMeasuresAbout } from "./compose/list.js";
import { metadataAnswer, retrievalAnswer } from "./compose/lookup.js";
import { clarifyDocument, clarifyLead, help, noSuchMeasure, sources, unknownDoc } from "./compose/meta.js";
import { asMeasure, findSection, summarizeSection } from "./compose/section.js";
import { summarize } from "./compose/summary.js";
import { ConversationStore, type TurnState } from "./conversation.js";
import type { AnswerEngine } from "./engine-interface.js";
import { chineseTermsFor } from "./glossary.js";
import { KnowledgeBase } from "./knowledge.js";
import { leadNamesIn, leadPhrase, resolveDocs } from "./resolve.js";
import {
  classifyIntent,
  detectLanguage,
  type Intent,
  isFollowUp,
  measureNumbers,
  quotedTitles,
} from "./understand.js";

/** Longest question accepted (characters); longer ones are cut before understanding. */
export const MAX_QUESTION_CHARS = 2000;

export class Engine implements AnswerEngine {
  private readonly conversations = new ConversationStore();

  constructor(readonly kb: KnowledgeBase) {}

  async ask(question: string, conversation?: string): Promise<Answer> {
    const q = (typeof question === "string" ? question : "").slice(0, MAX_QUESTION_CHARS).trim();
    const bare = q.replace(/^\/policy\b\s*/i, "").trim();
    const lang = detectLanguage(bare || q);
    const cites = new Citations(this.kb);
    const ctx: ComposeContext = { kb: this.kb, lang, cites, question: bare };
    const prev = this.conversations.get(conversation);
    const { intent, composed, state } = await this.route(ctx, bare, prev);
    if (state) this.conversations.set(conversation, state);
    return {
      question,
      language: lang,
      intent,
      found: composed.found,
      answer: composed.answer,
      citations: cites.all(),
    };
  }

  private async route(
    ctx: ComposeContext,
    q: string,
    prev: TurnState | undefined,
  ): Promise<{ intent: Intent; composed: Composed; state?: TurnState }> {
    const { kb, lang } = ctx;
    if (q === "") return { intent: "help", composed: help(ctx) };
    let leads = leadNamesIn(q, kb);
    const resolved = resolveDocs(q, kb, leads);
    let numbers = measureNumbers(q);
    let docs = resolved.docs;
    const followUp =
      !resolved.named && prev !== undefined && (isFollowUp(q) || (numbers.length > 0 && q.length <= 16));
    if (followUp && prev) {
      docs = prev.sources.map((s) => kb.doc(s)).filter((d): d is PolicyDoc => Boolean(d));
      if (numbers.length === 0 && leads.length === 0) {
        numbers = prev.measures;
        leads = prev.leads;
      }
    }
    let intent = classifyIntent(q, {
      hasMeasure: numbers.length > 0,
      hasLead: leads.length > 0,
      language: lang,
    });
    if (
      followUp &&
      prev &&
      !hasIntentWords(q) &&
      (prev.intent === "lead_of_measure" || prev.intent === "summary" || prev.intent === "measures_of_lead")
    ) {
      intent = prev.intent === "measures_of_lead" && leads.length === 0 ? "lead_of_measure" : prev.intent;
    }
    if (intent === "help") return { intent, composed: help(ctx) };
    if (intent === "sources") return { intent, composed: sources(ctx) };
    if (resolved.unknown) return { intent: "out_of_scope", composed: unknownDoc(ctx, resolved.unknown) };

    const state = (sources: PolicyDoc[], measures: number[] = [], names: string[] = []): TurnState => ({
      intent,
      sources: sources.map((d) => d.source),
      measures,
      leads: names,
    });

    // A section named by its heading ("保障措施", "工作要求") is summarised from the outline.
    const tok = (text: string) => kb.tokenize(text);
    const section =
      numbers.length === 0 && leads.length === 0 && intent !== "list" && intent !== "deadline"
        ? (findSection(q, docs.length ? docs : kb.docs, tok) ?? findSection(q, kb.docs, tok, 6))
        : null;
    if (section) {
      const measure = asMeasure(section);
      if (measure) {
        const composed =
          intent === "lead_of_measure" ? leadOfMeasure(ctx, [measure]) : summarize(ctx, [measure]);
        return {
          intent: intent === "lead_of_measure" ? intent : "summary",
          composed,
          state: state([measure.doc], [measure.measure.number]),
        };
      }
      return { intent: "summary", composed: summarizeSection(ctx, section), state: state([section.doc]) };
    }

    if (intent === "measures_of_lead") {
      if (leads.length === 0) {
        const phrase = leadPhrase(q);
        if (!phrase) return { intent: "clarify", composed: clarifyLead(ctx) };
        return { intent, composed: unknownLead(ctx, phrase) };
      }
      // A document named only by weak title words does not hide the measures the name leads elsewhere.
      const named = docs.filter((d) => leads.some((n) => kb.mentionsOf(n).some((m) => m.doc === d)));
      const scope = named.length ? named.map((d) => d.source) : null;
      const composed = measuresOfLead(ctx, leads, scope);
      const touched = [...new Set(ctx.cites.all().map((c) => c.source))].map((s) => kb.doc(s)!);
      return { intent, composed, state: state(touched, [], leads) };
    }

    if (intent === "lead_of_measure" || intent === "summary") {
      if (numbers.length > 0) {
        const targets = this.targetsFor(docs, numbers);
        if (targets.length === 0) {
          const scope = docs.length ? docs : kb.docs;
          return { intent, composed: noSuchMeasure(ctx, scope, numbers, docs.length > 0) };
        }
        const composed = intent === "summary" ? summarize(ctx, targets) : leadOfMeasure(ctx, targets);
        return { intent, composed, state: state([...new Set(targets.map((x) => x.doc))], numbers) };
      }
      const target = await this.measureByTopic(ctx, q, docs);
      if (target) {
        const composed = intent === "summary" ? summarize(ctx, [target]) : leadOfMeasure(ctx, [target]);
        return { intent, composed, state: state([target.doc], [target.measure.number]) };
      }
      if (intent === "summary" && docs.length > 0) {
        return {
          intent: "list",
          composed: listMeasures(ctx, docs.slice(0, 1)),
          state: state(docs.slice(0, 1)),
        };
      }
    }

    if (intent === "deadline") {
      const targets = this.targetsFor(docs, numbers);
      if (targets.length === 0) {
        return {
          intent,
          composed: noSuchMeasure(ctx, docs.length ? docs : kb.docs, numbers, docs.length > 0),
        };
      }
      return {
        intent,
        composed: deadlinesOf(ctx, targets),
        state: state([...new Set(targets.map((x) => x.doc))], numbers),
      };
    }

    if (intent === "list") {
      const topic = topicWords(kb, q, docs);
      if (topic.length > 0) {
        const composed = await listMeasuresAbout(ctx, docs, topic);
        const touched = [...new Set(ctx.cites.all().map((c) => c.source))].map((s) => kb.doc(s)!);
        return { intent, composed, state: state(touched) };
      }
      if (docs.length === 0) return { intent: "clarify", composed: clarifyDocument(ctx) };
      const pick = docs.slice(0, 1);
      return { intent, composed: listMeasures(ctx, pick), state: state(pick) };
    }

    const meta = metadataAnswer(ctx, docs.length ? docs : kb.docs);
    if (meta) return { intent: "lookup", composed: meta, state: state(docs) };
    // Words that only name the document do not count towards finding the answer in it.
    const drop = docs.flatMap((d) => [...d.aliases, ...(resolved.named ? [d.title] : [])]);
    const naming = placesIn(q).map((p) => p.zh);
    const composed = await retrievalAnswer(ctx, docs, chineseTermsFor(q), drop, resolved.exact, naming);
    const cited = [...new Set(ctx.cites.all().map((c) => c.source))].map((s) => kb.doc(s)!);
    const nums = [...new Set(ctx.cites.all().flatMap((c) => (c.number ? [c.number] : [])))];
    const finalIntent: Intent = composed.found || docs.length > 0 ? "lookup" : "out_of_scope";
    return {
      intent: finalIntent,
      composed,
      state: composed.found ? { ...state(cited, nums), intent: "lookup" } : undefined,
    };
  }

  /** The measures numbered `numbers` in `docs` (in every document that has them when none is named). */
  private targetsFor(docs: PolicyDoc[], numbers: number[]): Target[] {
    const scope = docs.length ? docs : this.kb.docs;
    const targets: Target[] = [];
    for (const n of numbers) {
      for (const doc of scope) {
        const measure = doc.measures.find((m) => m.number === n);
        if (measure) targets.push({ doc, measure });
      }
    }
    return targets;
  }

  /** The measure a question describes by its topic ("who is responsible for the information platform"). */
  private async measureByTopic(ctx: ComposeContext, q: string, docs: PolicyDoc[]): Promise<Target | null> {
    const { kb } = ctx;
    const scope = docs.length ? docs : kb.docs;
    // A title quoted in the question that a measure contains decides.
    for (const title of quotedTitles(q)) {
      for (const doc of scope) {
        const folded = kb.foldedText(doc.source);
        for (const m of doc.measures) {
          const text = kb.source(doc.source).text.slice(m.start, m.end).replace(/\s+/g, "");
          if (text.includes(title.replace(/\s+/g, "")) && folded.length > 0) return { doc, measure: m };
        }
      }
    }
    const hits = await kb.index.search(q, {
      k: 10,
      sources: scope.map((d) => d.source),
      extraTerms: chineseTermsFor(q),
    });
    const top = hits.find((h) => h.passage.measure !== null && h.bm25Score > 0);
    if (!top) return null;
    const doc = kb.doc(top.passage.source)!;
    const measure = doc.measures.find((m) => m.number === top.passage.measure);
    return measure ? { doc, measure } : null;
  }
}

/** Words of a list question that are not its topic ("列出", "哪些措施", "which measures"). */
const LIST_WORDS = new Set(
  "列出 列举 罗列 哪些 哪几 全部 所有 各项 措施 任务 要点 举措 工作 重点 主要 涉及 关于 有关 相关 包括 包含 提到 提及 内容 清单 一共 多少 几项 方面 文件 方案 计划 意见".split(
    " ",
  ),
);

/** The topic of a list question in Chinese words: the most specific words left after the document's names. */
function topicWords(kb: KnowledgeBase, q: string, docs: PolicyDoc[]): string[] {
  const drop = new Set(docs.flatMap((d) => [...d.aliases, ...kb.tokenize(d.title)]));
  const keep = (w: string) => !drop.has(w) && !LIST_WORDS.has(w) && !GENERIC_TOPIC.has(w) && w.length >= 2;
  const han = [...new Set(kb.tokenize(q.replace(/[A-Za-z]+/g, " ")))].filter(
    (w) => /^[\u4e00-\u9fff]+$/.test(w) && keep(w),
  );
  // Keep the most specific of the question's words (危险化学品 rather than 危险 and 化学品);
  // glossary words for an English question are kept whole, as the glossary lists them.
  const specific = han.filter((w) => !han.some((o) => o !== w && o.includes(w)));
  return [...new Set([...specific, ...chineseTermsFor(q).filter(keep)])];
}

const GENERIC_TOPIC = new Set(["安全", "安全生产", "建设", "工作", "推进", "加强"]);

/** Words that state an intent of their own (so a follow-up does not inherit the previous one). */
function hasIntentWords(q: string): boolean {
  return /谁|负责|牵头|总结|概括|内容|讲什么|说什么|列出|哪些|who|lead|responsible|summar|list|what does|about/i.test(
    q,
  );
}

export interface CreateEngineOptions {
  sourcesDir: string;
  indexDir: string;
  log?: (message: string) => void;
}

/** Builds or loads the index and returns a ready engine with what was done. */
export async function createEngine(opts: CreateEngineOptions): Promise<Engine & { built: BuiltIndex }> {
  const built = await buildOrLoadIndex(opts);
  const engine = new Engine(new KnowledgeBase(built.docs, built.sources, built.index)) as Engine & {
    built: BuiltIndex;
  };
  engine.built = built;
  return engine;
}
