/**
 * The answer engine: understand → resolve → compose → cite. Structured questions (who leads N,
 * what does X lead, list the measures) are answered from the extracted measures; the rest from
 * retrieval, quoting sentences verbatim. No LLM is needed.
 */
import { type BuildIndexOptions, type BuiltIndex, buildOrLoadIndex } from "../index/build-index.js";
import { placesIn } from "../structure/places.js";
import type { Answer, PolicyDoc } from "../types.js";
import { expectedType } from "./answer-type.js";
import { Citations } from "./citations.js";
import { cleanQuestion } from "./clean-question.js";
import { keptNote, movedOn } from "./compose/borrowed.js";
import { type ComposeContext, type Composed, type Target, t } from "./compose/context.js";
import { deadlinesOf, deadlinesOfDoc, dueBy } from "./compose/deadline.js";
import { leadOfMeasure, measuresOfLead, unknownLead } from "./compose/lead.js";
import { listMeasures, listMeasuresAbout, topicWords } from "./compose/list.js";
import { retrievalAnswer } from "./compose/lookup.js";
import {
  cannotDraft,
  clarifyDocument,
  clarifyLead,
  help,
  noDocuments,
  noSuchMeasure,
  notMentioned,
  scopeCleared,
  scopeNotFound,
  scopeSet,
  sources,
  unknownDoc,
  useNeedsChannel,
} from "./compose/meta.js";
import { metadataAnswer } from "./compose/metadata-answer.js";
import {
  asksWithinSection,
  asMeasure,
  bySectionLabel,
  findSection,
  leadOfSection,
  partOf,
  type SectionMatch,
  summarizeSection,
} from "./compose/section.js";
import { summarize } from "./compose/summary.js";
import {
  type ConversationStore,
  channelOf,
  MemoryConversationStore,
  type TurnState,
} from "./conversation.js";
import { asksUnsupportedDraft } from "./drafting/intent.js";
import { composeDrafting } from "./drafting/route.js";
import { type AnswerEngine, MAX_QUESTION_CHARS } from "./engine-interface.js";
import { chineseTermsFor } from "./glossary.js";
import { KnowledgeBase } from "./knowledge.js";
import { pickMeasure, scoredMeasures } from "./measure-evidence.js";
import { leadPhrase, measureByTopic, resolveDocs } from "./resolve.js";
import { type Turn, understandTurn, WHOLE_DOCUMENT } from "./turn.js";
import {
  asksMetadata,
  asksRoleHolder,
  decimalSection,
  detectLanguage,
  type Intent,
  partNumbers,
  statedCount,
} from "./understand.js";

/** A question ending in a count ("…多少项?", "how many …?"). */
const FIGURE_COUNT = /(多少|几)(项|个|家|人|次|件|条)[?？]?$|^how many\b/i;

/** Words of a question about time, not about a topic. */
const TIME_WORDS =
  /什么时候|何时|哪年|几月|完成|办结|时间|时限|期限|截止|要求|节点|安排|进度|有什么|都有|when|deadlines?|complet\w*|finish\w*|done|due|must|should/gi;

interface Routed {
  intent: Intent;
  composed: Composed;
  state?: TurnState;
}

export class Engine implements AnswerEngine {
  constructor(
    readonly kb: KnowledgeBase,
    private readonly conversations: ConversationStore = new MemoryConversationStore(),
  ) {}

  /** A question as asked (cleaned, bounded) and without its "/policy" prefix, with its context. */
  private read(question: string): { q: string; bare: string; ctx: ComposeContext } {
    const q = cleanQuestion(
      (typeof question === "string" ? question : "").slice(0, MAX_QUESTION_CHARS),
    ).trim();
    const bare = q.replace(/^\/policy\b\s*/i, "").trim();
    const lang = detectLanguage(bare || q);
    return { q, bare, ctx: { kb: this.kb, lang, cites: new Citations(this.kb), question: bare } };
  }

  async ask(question: string, conversation?: string): Promise<Answer> {
    const { q, bare, ctx } = this.read(question);
    const { lang, cites } = ctx;
    const channel = conversation ? channelOf(conversation) : undefined;
    const use = /^\/policy\s+use\b\s*(.*)$/i.exec(q);
    const routed = use
      ? await this.useScope(ctx, channel, use[1]!.trim())
      : await this.route(ctx, bare, await this.conversations.get(conversation), channel);
    const { intent, composed, state } = routed;
    if (state) await this.conversations.set(conversation, state);
    return {
      question,
      language: lang,
      intent,
      found: composed.found,
      answer: composed.answer,
      citations: cites.all(),
      ...(composed.table ? { table: composed.table } : {}),
    };
  }

  /**
   * How the engine reads a question, without answering it (`npm run ask -- --explain`): the
   * intent, the documents and their evidence, measure numbers, names, topic, the kind of value
   * expected, and what a follow-up borrowed from the conversation's previous turn.
   */
  async explain(question: string, conversation?: string): Promise<QueryExplanation> {
    const { bare, ctx } = this.read(question);
    const prev = await this.conversations.get(conversation);
    const turn = understandTurn(ctx, bare, prev);
    return {
      question: bare,
      ...(turn.q !== bare ? { askedAs: turn.q } : {}),
      language: ctx.lang,
      intent: turn.intent,
      documents: turn.docs.map((d) => ({ source: d.source, title: d.title })),
      documentEvidence: turn.resolved.candidates ?? [],
      named: turn.resolved.named,
      exactName: turn.resolved.exact,
      unknownDocument: turn.resolved.unknown,
      measures: turn.numbers,
      names: turn.leads,
      topic: topicWords(this.kb, turn.q, turn.docs),
      expectedType: expectedType(turn.q),
      borrowedFromPreviousTurn: turn.borrowed,
      previousTurn: prev ?? null,
    };
  }

  /** "/policy use <document>" scopes the channel to one document; "/policy use all" lifts it. */
  private async useScope(ctx: ComposeContext, channel: string | undefined, arg: string): Promise<Routed> {
    const intent: Intent = "sources";
    if (!channel) return { intent, composed: useNeedsChannel(ctx) };
    if (arg === "" || /^(all|全部|所有|none|off)$/i.test(arg)) {
      await this.conversations.setChannel(channel, {});
      return { intent, composed: scopeCleared(ctx) };
    }
    const docs = this.kb.docs.filter((d) => d.source === arg);
    const pick = docs.length ? docs : resolveDocs(arg, this.kb).docs;
    if (pick.length !== 1) return { intent, composed: scopeNotFound(ctx, arg, pick) };
    await this.conversations.setChannel(channel, { scope: pick[0]!.source });
    return { intent, composed: scopeSet(ctx, pick[0]!) };
  }

  private async route(
    ctx: ComposeContext,
    q: string,
    prev: TurnState | undefined,
    channel: string | undefined,
  ): Promise<Routed> {
    if (q === "") return { intent: "help", composed: help(ctx) };
    if (ctx.kb.docs.length === 0) return { intent: "out_of_scope", composed: noDocuments(ctx) };
    const turn = understandTurn(ctx, q, prev);
    // "那大连呢?" asked the previous question again: the composers read that question.
    const asked = turn.q === ctx.question ? ctx : { ...ctx, question: turn.q };
    const routed = await this.dispatch(asked, turn, channel);
    if (routed.state) routed.state = { ...routed.state, question: turn.q };
    // A whole document borrowed from the previous turn ("列出全部措施") is named as such.
    if (
      turn.borrowed &&
      turn.numbers.length === 0 &&
      routed.composed.found &&
      WHOLE_DOCUMENT.has(routed.intent)
    ) {
      const note = keptNote(ctx, turn.docs, [], []);
      routed.composed = { ...routed.composed, answer: `${routed.composed.answer}\n\n${note}` };
    }
    return routed;
  }

  private async dispatch(ctx: ComposeContext, turn: Turn, channel: string | undefined): Promise<Routed> {
    // A channel scoped with "/policy use <document>" asks about that document unless it names another.
    if (channel && turn.docs.length === 0 && !turn.resolved.unknown) {
      const scope = (await this.conversations.getChannel(channel)).scope;
      const doc = scope ? ctx.kb.doc(scope) : undefined;
      if (doc) turn.docs = [doc];
    }
    const { intent, resolved } = turn;
    if (intent === "help") return { intent, composed: help(ctx) };
    if (intent === "sources") return { intent, composed: sources(ctx) };
    if (resolved.unknown) return { intent: "out_of_scope", composed: unknownDoc(ctx, resolved.unknown) };
    // A place the question names that the named document never mentions ("the Wenzhou-style
    // inspections" of the Pudong points): nothing in it answers, and no measure is guessed.
    const absent = turn.resolved.named && !DRAFTING.has(intent) ? absentPlace(ctx, turn) : null;
    if (absent) return { intent: "lookup", composed: notMentioned(ctx, turn.docs, absent) };
    if (!DRAFTING.has(intent) && asksUnsupportedDraft(turn.q)) {
      return { intent: "clarify", composed: cannotDraft(ctx, turn.docs) };
    }
    // A fact of a kind ("公示多少天", "比例是多少", "how long") is a value a sentence states, not a
    // section's or a measure's summary: the look-up answers first when the text holds one.
    if (asksValue(turn)) {
      const found = await this.lookupIfFound(ctx, turn);
      if (found) return found;
    }
    const section = this.askedSection(ctx, turn);
    // A question that names a heading but asks something within it is looked up first (who leads
    // the section stays the section's leads).
    const titles = turn.docs.map((d) => [d.title, ...d.aliases].join(" ")).join(" ");
    if (
      section &&
      intent !== "lead_of_measure" &&
      asksWithinSection(turn.q, section.node.title, titles, ctx.kb.tokenize.bind(ctx.kb))
    ) {
      const found = await this.lookupIfFound(ctx, turn);
      if (found) return found;
    }
    if (section) return this.sectionAnswer(ctx, turn, section);
    switch (intent) {
      case "measures_of_lead":
        return this.measuresOfLead(ctx, turn);
      case "lead_of_measure":
      case "summary": {
        const answered = await this.aboutMeasure(ctx, turn);
        if (answered) return answered;
        break;
      }
      case "deadline":
        return this.deadline(ctx, turn);
      case "list":
        return this.list(ctx, turn);
      case "digest":
      case "table":
      case "deliverables":
      case "compare":
        return this.drafting(ctx, { ...turn, intent });
    }
    return this.lookup(ctx, turn);
  }

  /** A section named by its heading ("保障措施", "工作要求") or its place ("第三部分"), from the outline. */
  private sectionAnswer(ctx: ComposeContext, turn: Turn, section: SectionMatch): Routed {
    const { intent } = turn;
    const who = intent === "lead_of_measure";
    const measure = asMeasure(section);
    if (measure) {
      return {
        intent: who ? intent : "summary",
        composed: who ? leadOfMeasure(ctx, [measure]) : summarize(ctx, [measure]),
        state: stateOf(intent, [measure.doc], [measure.measure.number]),
      };
    }
    return {
      intent: who ? intent : "summary",
      composed: who ? leadOfSection(ctx, section) : summarizeSection(ctx, section),
      state: stateOf(intent, [section.doc]),
    };
  }

  /** The outline node a question asks for: by its decimal number, its place or its heading. */
  private askedSection(ctx: ComposeContext, turn: Turn): SectionMatch | null {
    const { kb } = ctx;
    const { q, intent, docs, numbers, leads } = turn;
    // 文号, dates and issuer are the document's, never a section's; who holds a role is one sentence.
    if (asksMetadata(q) || asksRoleHolder(q)) return null;
    const decimal = decimalSection(q);
    const byLabel = decimal ? bySectionLabel(docs.length ? docs : kb.docs, decimal) : null;
    if (byLabel) return byLabel;
    if (numbers.length > 0 || leads.length > 0 || intent === "deadline") return null;
    if (intent === "digest" || intent === "table" || intent === "compare" || intent === "deliverables")
      return null;
    // "列出全部措施" asks the document's list; "保障措施有哪些" a section by its heading.
    if (intent === "list" && /全部|所有|全体|各项|\ball\b/i.test(q)) return null;
    const part = partNumbers(q)[0];
    const byPart = part !== undefined && docs.length > 0 ? partOf(docs[0]!, part) : null;
    // An English question names a heading through the glossary ("work requirements" → 工作要求).
    const named = ctx.lang === "en" ? `${q} ${chineseTermsFor(q).join(" ")}` : q;
    return (
      byPart ??
      findSection(named, docs.length ? docs : kb.docs, kb) ??
      // Another document's section only when the question named none.
      (docs.length === 0 ? findSection(named, kb.docs, kb, 6) : null)
    );
  }

  private async measuresOfLead(ctx: ComposeContext, turn: Turn): Promise<Routed> {
    const { q, intent, docs, leads } = turn;
    if (leads.length === 0) {
      const phrase = leadPhrase(q);
      return phrase
        ? { intent, composed: unknownLead(ctx, phrase) }
        : { intent: "clarify", composed: clarifyLead(ctx) };
    }
    // A document named only by weak title words does not hide the measures the name leads elsewhere.
    const named = docs.filter((d) => leads.some((n) => ctx.kb.mentionsOf(n).some((m) => m.doc === d)));
    // But a document named by place or title that names no such lead is asked about, not another.
    if (docs.length > 0 && named.length === 0 && turn.resolved.named) return this.lookup(ctx, turn);
    const composed = measuresOfLead(ctx, leads, named.length ? named.map((d) => d.source) : null);
    return { intent, composed, state: stateOf(intent, citedDocs(ctx), [], leads) };
  }

  /** Who leads / what says measure N, or the measure a question describes by its topic. */
  private async aboutMeasure(ctx: ComposeContext, turn: Turn): Promise<Routed | null> {
    const { q, intent, docs, numbers } = turn;
    const compose = (targets: Target[]) =>
      intent === "summary" ? summarize(ctx, targets) : leadOfMeasure(ctx, targets);
    if (numbers.length > 0) {
      const { targets, note } = this.measureTargets(ctx, turn);
      if (targets.length === 0) return { intent, composed: this.noSuchMeasure(ctx, docs, numbers) };
      const state = stateOf(intent, docsOf(targets), numbers, leadsOf(targets));
      return { intent, composed: note(this.withMissing(ctx, compose(targets), targets, numbers)), state };
    }
    // "Summarize the Pudong work points" names only the document: its measures, not one of them.
    const topic = topicWords(ctx.kb, q, docs);
    const aboutDoc = intent === "summary" && docs.length > 0 && topic.length === 0;
    const found = aboutDoc ? null : await measureByTopic(ctx.kb, q, docs);
    // The measures are weighed by how much of the topic they hold (headings double); a measure
    // holding too little is a guess, and the text answers instead ("北斗产业的人才培养" is in a
    // 保障措施 paragraph, not in a measure with a lead). Close candidates are offered to choose from.
    const pick =
      found && topic.length > 0
        ? pickMeasure(await scoredMeasures(ctx.kb, q, docs, topic, [found]))
        : found && { target: found };
    if (pick && "choices" in pick) {
      const composed = compose(pick.choices);
      const ask = t(
        ctx,
        `有${pick.choices.length}项措施都与此相关，请确认问的是哪一项：`,
        `${pick.choices.length} measures fit this question; which one do you mean?`,
      );
      return {
        intent,
        composed: { ...composed, answer: `${ask}\n${composed.answer}` },
        state: stateOf(intent, docsOf(pick.choices), [], leadsOf(pick.choices)),
      };
    }
    const target = pick?.target;
    if (target) {
      return {
        intent,
        composed: compose([target]),
        state: stateOf(intent, [target.doc], [target.measure.number], leadsOf([target])),
      };
    }
    if (intent === "summary" && docs.length > 0 && topic.length === 0) {
      const pick = docs.slice(0, 1);
      return { intent: "list", composed: listMeasures(ctx, pick), state: stateOf("list", pick) };
    }
    return null;
  }

  private async deadline(ctx: ComposeContext, turn: Turn): Promise<Routed> {
    const { intent, docs, numbers } = turn;
    const due = numbers.length === 0 ? dueBy(ctx, docs) : null;
    if (due) return { intent, composed: due, state: stateOf(intent, citedDocs(ctx)) };
    if (numbers.length === 0) {
      // "智慧安监什么时候完成?" asks a topic's measure; "大连方案有什么时间要求?" the whole document.
      const topic = topicWords(ctx.kb, turn.q.replace(TIME_WORDS, " "), docs);
      const target =
        topic.length > 0 || docs.length === 0 ? await measureByTopic(ctx.kb, turn.q, docs) : null;
      // A date the measures do not state may still be written elsewhere (a cover letter's 截止时间):
      // the sentences retrieval finds answer first, "no deadline" only when they do not.
      const dated = target
        ? target.measure.deadlines.length > 0
        : docs.some((d) => d.measures.some((m) => m.deadlines.length));
      if (!target && docs.length === 0) return this.lookup(ctx, turn);
      if (!dated || docs.length === 0) {
        // The measure's own document states the date, not another that shares a word.
        const found = await this.lookupIfFound(ctx, target ? { ...turn, docs: [target.doc] } : turn, true);
        if (found) return found;
      }
      if (target) {
        const state = stateOf(intent, [target.doc], [target.measure.number], leadsOf([target]));
        return { intent, composed: deadlinesOf(ctx, [target]), state };
      }
      const doc = docs[0]!;
      return { intent, composed: deadlinesOfDoc(ctx, doc), state: stateOf(intent, [doc]) };
    }
    const { targets, note } = this.measureTargets(ctx, turn);
    if (targets.length === 0) return { intent, composed: this.noSuchMeasure(ctx, docs, numbers) };
    const composed = note(this.withMissing(ctx, deadlinesOf(ctx, targets), targets, numbers));
    return { intent, composed, state: stateOf(intent, docsOf(targets), numbers) };
  }

  /** The measures of a document, or those about a topic ("哪些措施涉及危险化学品"). */
  private async list(ctx: ComposeContext, turn: Turn): Promise<Routed> {
    const { q, intent, docs } = turn;
    // "上海六项审改措施分别是什么?" counts the document's own measures: the words describe them all.
    const counted = statedCount(q);
    const whole = docs.length > 0 && counted !== null && docs[0]!.measures.length === counted;
    const topic = whole ? [] : topicWords(ctx.kb, q, docs);
    // "上海调整行政审批项目多少项?" asks a figure the text states, not a count of measures.
    if (
      topic.length > 0 &&
      FIGURE_COUNT.test(q) &&
      !/措施|任务|要点|举措|工作|事项|measures|tasks|items/i.test(q)
    ) {
      const found = await this.lookupIfFound(ctx, turn);
      if (found) return found;
    }
    if (topic.length > 0) {
      const composed = await listMeasuresAbout(ctx, docs, topic);
      return { intent, composed, state: stateOf(intent, citedDocs(ctx)) };
    }
    if (docs.length === 0) return { intent: "clarify", composed: clarifyDocument(ctx) };
    const pick = docs.slice(0, 1);
    return { intent, composed: listMeasures(ctx, pick), state: stateOf(intent, pick) };
  }

  /** Digests, responsibility tables, what a unit must deliver, comparisons (src/answer/drafting/). */
  private async drafting(
    ctx: ComposeContext,
    turn: Turn & { intent: "digest" | "table" | "deliverables" | "compare" },
  ): Promise<Routed> {
    const { intent, composed } = await composeDrafting(ctx, turn);
    const docs = citedDocs(ctx);
    return { intent, composed, state: stateOf(intent, docs, [], turn.leads) };
  }

  /** The look-up's answer when the text answers (`needValue`: states a value of the kind asked); else null. */
  private async lookupIfFound(ctx: ComposeContext, turn: Turn, needValue = false): Promise<Routed | null> {
    const found = await this.lookup(ctx, turn);
    if (found.composed.found && (!needValue || found.composed.value)) return found;
    ctx.cites.clear();
    return null;
  }

  /** Metadata (文号, dates, issuer), else the best sentences retrieval finds. */
  private async lookup(ctx: ComposeContext, { q, resolved, docs }: Turn): Promise<Routed> {
    const { kb } = ctx;
    const meta = metadataAnswer(ctx, docs.length ? docs : kb.docs, docs.length > 0);
    if (meta) return { intent: "lookup", composed: meta, state: stateOf("lookup", docs) };
    // Words that only name the document do not count towards finding the answer in it.
    const drop = docs.flatMap((d) => [...d.aliases, ...(resolved.named ? [d.title] : [])]);
    const naming = placesIn(q).map((p) => p.zh);
    // Documents named only by title words (突发事件, 条例) are preferred, not the only ones searched.
    const composed = await retrievalAnswer(
      ctx,
      docs,
      chineseTermsFor(q),
      drop,
      resolved.exact,
      naming,
      resolved.weak,
    );
    if (!composed.found) return { intent: docs.length > 0 ? "lookup" : "out_of_scope", composed };
    const numbers = [...new Set(ctx.cites.all().flatMap((c) => (c.number ? [c.number] : [])))];
    return { intent: "lookup", composed, state: stateOf("lookup", citedDocs(ctx), numbers) };
  }

  /**
   * The measures a turn asks for by number. Documents borrowed from the previous turn are kept
   * with a note naming the others that have the number too; when they lack it, the others answer.
   */
  private measureTargets(
    ctx: ComposeContext,
    { docs, numbers, borrowed }: Turn,
  ): { targets: Target[]; note: (c: Composed) => Composed } {
    const targets = this.targetsFor(docs, numbers);
    const same = (c: Composed) => c;
    if (!borrowed) return { targets, note: same };
    if (targets.length === 0) {
      const elsewhere = this.targetsFor([], numbers);
      if (elsewhere.length === 0) return { targets, note: same };
      return { targets: elsewhere, note: (c) => movedOn(ctx, docs, numbers, c) };
    }
    const kept = docsOf(targets);
    const alsoIn = docsOf(this.targetsFor([], numbers)).filter((d) => !kept.includes(d));
    if (alsoIn.length === 0) return { targets, note: same };
    return {
      targets,
      note: (c) => (c.found ? { ...c, answer: `${c.answer}\n\n${keptNote(ctx, kept, alsoIn, numbers)}` } : c),
    };
  }

  /** The measures numbered `numbers` in `docs` (in every document that has them when none is named). */
  private targetsFor(docs: PolicyDoc[], numbers: number[]): Target[] {
    const scope = docs.length ? docs : this.kb.docs;
    return numbers.flatMap((n) =>
      scope.flatMap((doc) => {
        const measure = doc.measures.find((m) => m.number === n);
        return measure ? [{ doc, measure }] : [];
      }),
    );
  }

  /** Says which of the numbers asked for no document has ("第34和35项" when there are 34). */
  private withMissing(
    ctx: ComposeContext,
    composed: Composed,
    targets: Target[],
    numbers: number[],
  ): Composed {
    const found = new Set(targets.map((x) => x.measure.number));
    const missing = numbers.filter((n) => !found.has(n));
    if (missing.length === 0) return composed;
    const docs = [...new Set(targets.map((x) => x.doc))];
    const note = noSuchMeasure(ctx, docs, missing, true).answer;
    return { ...composed, answer: `${composed.answer}\n\n${note}` };
  }

  private noSuchMeasure(ctx: ComposeContext, docs: PolicyDoc[], numbers: number[]): Composed {
    return noSuchMeasure(ctx, docs.length ? docs : this.kb.docs, numbers, docs.length > 0);
  }
}

/** A place the question names that is neither how it names its documents nor in their text. */
function absentPlace(ctx: ComposeContext, { q, docs }: Turn): string | null {
  if (docs.length === 0) return null;
  for (const p of placesIn(q)) {
    if (docs.some((d) => d.aliases.includes(p.zh) || ctx.kb.foldedText(d.source).includes(p.zh))) continue;
    return ctx.lang === "en" && p.en[0] ? `${p.en[0]} (${p.zh})` : p.zh;
  }
  return null;
}

/** Intents whose answers are drafted from the measures (src/answer/drafting/). */
const DRAFTING = new Set<Intent>(["digest", "table", "deliverables", "compare"]);

function stateOf(
  intent: Intent,
  docs: PolicyDoc[],
  measures: number[] = [],
  leads: string[] = [],
): TurnState {
  return { intent, sources: docs.map((d) => d.source), measures, leads };
}

/** The names leading the measures of a turn, so that "他还负责哪些?" can follow. */
function leadsOf(targets: Target[]): string[] {
  return [...new Set(targets.flatMap((x) => x.measure.leads.map((l) => l.name)))];
}

function docsOf(targets: Target[]): PolicyDoc[] {
  return [...new Set(targets.map((x) => x.doc))];
}

/** The documents an answer cites, in order of first citation. */
function citedDocs(ctx: ComposeContext): PolicyDoc[] {
  return [...new Set(ctx.cites.all().map((c) => c.source))].map((s) => ctx.kb.doc(s)!);
}

/** A question for a value of some kind, about no numbered measure, section or named unit. */
function asksValue({ q, intent, numbers, leads }: Turn): boolean {
  if (numbers.length > 0 || leads.length > 0 || decimalSection(q)) return false;
  if (!["lookup", "summary", "lead_of_measure"].includes(intent)) return false;
  return expectedType(q) !== null;
}

export interface CreateEngineOptions {
  sourcesDir: string;
  indexDir: string;
  log?: (message: string) => void;
  /** Where conversations are kept; default in memory (one process). */
  conversations?: ConversationStore;
  /** Passage vectors from an external embedding (LLM mode's OPENAI_EMBEDDING_MODEL); see build-index.ts. */
  embeddings?: BuildIndexOptions["embeddings"];
  embeddingName?: string;
  /** Load what the build worker saved, never build here (build-index.ts). */
  loadOnly?: boolean;
  /** Files the build worker skipped: not read again, reported as problems. */
  skipped?: BuildIndexOptions["skipped"];
}

/** What `Engine.explain` returns: the question as the engine reads it. */
export interface QueryExplanation {
  question: string;
  /** The question a follow-up was taken to ask again ("那大连呢?" → the previous question). */
  askedAs?: string;
  language: "zh" | "en";
  intent: Intent;
  documents: { source: string; title: string }[];
  documentEvidence: { source: string; score: number }[];
  named: boolean;
  exactName: boolean;
  unknownDocument: string | null;
  measures: number[];
  names: string[];
  topic: string[];
  expectedType: string | null;
  borrowedFromPreviousTurn: boolean;
  previousTurn: TurnState | null;
}

/** An engine with what building or loading its index did. */
export type BuiltEngine = Engine & { built: BuiltIndex };

/** Builds or loads the index and returns a ready engine. */
export async function createEngine(opts: CreateEngineOptions): Promise<BuiltEngine> {
  const built = await buildOrLoadIndex(opts);
  const kb = new KnowledgeBase(built.docs, built.sources, built.index, built.problems);
  return Object.assign(new Engine(kb, opts.conversations), { built });
}
