/**
 * Fact look-up by retrieval (文号, dates and issuer come from metadata-answer.ts): the best
 * sentence of the best passages, quoted verbatim, preferring sentences of the kind asked for (a
 * date for "什么时候/截止", a figure for "多少", a name for "谁").
 */
import { sentenceSpans } from "../../structure/sentences.js";
import type { PolicyDoc, Span } from "../../types.js";
import {
  cueContext,
  expectedType,
  type FoundValue,
  typedValue,
  typedValues,
  withoutTypeCue,
} from "../answer-type.js";
import { glossaryMatches } from "../glossary.js";
import { docName, excerpt } from "../render.js";
import { contentNeeded, englishGroups, groupCoverage, withSpellings, wordGroups } from "../term-groups.js";
import { ASKS_ELIGIBILITY, ROLE_WORD } from "../understand.js";
import { type ComposeContext, type Composed, t } from "./context.js";

const ASKS_TIME = /什么时候|何时|时间|日期|截止|期限|哪天|哪年|几月|when|deadline|date|by when/i;
const ASKS_NUMBER = /多少|几个|几项|几家|几条|数量|金额|比例|how many|how much|number of|percentage|amount/i;
const ASKS_PERSON = /谁|组长|主任|负责人|联系人|who|head|leader|contact/i;
/** The question asks which body or unit does something (not a named role's holder). */
const BODY_ASKED =
  /哪个(部门|单位|机构|机关)|哪些(部门|单位|机构)|什么(部门|单位|机构)|由谁|谁(来)?(负责|组织|制定|编制|解释|审核|承担|管|牵头|实施)|\bwho\b|which (body|bodies|office|department|unit|agency|authority|organ|ministry|level)/i;
/** Who a sentence gives a duty: "由X负责…", "X负责…", "X应当…" (a body's name, not a clause). */
const DUTY =
  /由([^，。；:：、]{2,30}?)(?:负责|承担|组织|实施|解释|制定|编制|审核|审定|管理|统筹)|(?:^|[，。；:：\s])([\u4e00-\u9fa5（）()]{1,24}?(?:局|委员会|委|部|办公室|中心|机构|政府|部门|单位|处|科|厅|院|公司|机关))(?:负责|牵头|承担|应当|会同|组织|统筹)/;

/** The body a sentence gives a duty, or null. */
export function dutyHolder(sentence: string): string | null {
  const m = DUTY.exec(sentence);
  return m ? (m[1] ?? m[2] ?? "").trim() || null : null;
}

/** The question asks what a term means. */
const DEFINITION_ASKED =
  /(是)?指(的是)?(什么|哪些|谁|哪类)|是什么意思|什么意思|什么是|何为|含义|定义|包括哪些人|\bwhat (does|do|is meant by) .{1,40} mean|\bdefin(ed|ition)|\bwho counts as\b|\bwho (is|are) (considered|regarded)/i;
/** A sentence that defines a term: "本办法所称X，是指…", "X是指…", "X系指…". */
const DEFINES = /所称|是指|系指|指的是|包括以下|[^\s，。]{2,12}指[^导标定挥出明示]/;
/** A sentence that says who may: "…的老年人，享受…", "参保范围：…", "申请人应当符合下列条件". */
const ELIGIBLE = /对象|范围|条件|年满|符合|可以申请|可申请|享受|适用于/;
/** A quantity (not a year): "36项", "1000亿元", "10家", "50%", "三个阶段". */
const QUANTITY =
  /(?<![\d.])\d+(?:\.\d+)?\s*(?:亿元|万元|元|亿|万|项|个|家|条|名|人|件|次|台|%|％|倍|周|天|小时|批)|[一二三四五六七八九十百千两]+(?:项|个|家|条|名|件|批|次|阶段|方面)/;
const DATE_IN = /\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{4}年底|\d{4}年|\d{4}-\d{1,2}-\d{1,2}/;

/** Words that frame a question rather than say what it is about. */
export const QUESTION_WORDS = new Set(
  "什么 时候 什么时候 多少 哪些 哪个 哪里 是否 怎么 怎样 如何 为什么 请问 一下 这次 这回 此次 这个 这些 那个 是 的 了 吗 呢 谁 几 有 what when where which who how many much does do is are the of in for".split(
    " ",
  ),
);

/** Enumerators of list items, each style apart: （一）, (1), 1. */
const ENUMERATORS = [
  /[（(][一二三四五六七八九十]{1,3}[)）]/,
  /[（(]\d{1,2}[)）]/,
  /(?<![\d.])\d{1,2}[.、．](?!\d)/,
];

/** The style of the first list enumerator a text holds, or null. */
function enumeratorStyle(text: string): RegExp | null {
  let best: { re: RegExp; at: number } | null = null;
  for (const re of ENUMERATORS) {
    const at = text.search(re);
    if (at >= 0 && (!best || at < best.at)) best = { re, at };
  }
  return best?.re ?? null;
}

/** A web page's stamp: "发表时间：2025-08-11 18:04:59", "发布日期：…", "浏览次数：…". */
const PAGE_STAMP = /(发表|发布|更新|录入|浏览|点击)(时间|日期|次数)\s*[:：]/;

/** Characters that join words rather than say what the question is about. */
const FUNCTION_CHAR = /[由要的了是在把被给对向从让都也就才还吗呢吧么]/;

/** Share of the question's words (weighted by rarity) a sentence must hold to answer it. */
const MIN_COVERAGE = 0.34;

interface Candidate {
  doc: PolicyDoc;
  span: Span;
  score: number;
  coverage: number;
  /** The value of the kind asked for that the sentence states where the question places it. */
  value?: string;
}

/**
 * The value a sentence states where the question places it: the one with the most of `near` (the
 * question's words right around its asking words) within a short reach on either side — Chinese
 * says "发布公告的时限" and "十五个工作日内发布公告" alike. The first value wins ties.
 */
export function slottedValue(
  sentence: string,
  values: FoundValue[],
  /** The question's words around its asking words, each with the other forms that hold it. */
  near: string[][],
): { value: string; near: number } {
  let best = { value: values[0]!.value, near: -1 };
  for (const v of values) {
    const around = sentence.slice(Math.max(0, v.index - 20), v.index + v.value.length + 20);
    const held = near.filter((forms) => forms.some((w) => around.includes(w))).length;
    if (held > best.near) best = { value: v.value, near: held };
  }
  return best;
}

/** Retrieval answer: the best sentences for the question within `docs` (all when empty). */
export async function retrievalAnswer(
  ctx: ComposeContext,
  docs: PolicyDoc[],
  extraTerms: string[],
  dropWords: string[],
  /** Search only `docs` (a document named by 文号 or title); else search all and prefer `docs`. */
  strict: boolean,
  /** Words the question named the documents by (places): another document must mention one. */
  namingWords: string[] = [],
  /** The documents were named only by title words: others may answer too, if they fit better. */
  weakNaming = false,
): Promise<Composed> {
  const { kb } = ctx;
  const sources = strict && docs.length ? docs.map((d) => d.source) : undefined;
  const preferred = new Set(docs.map((d) => d.source));
  // A term quoted in the question (“港澳青年”指什么) is what it asks about, even if the title has it.
  const quotedTerms = [...ctx.question.matchAll(/[“"「‘']([^”"」’']{2,20})[”"」’']/g)].map((m) => m[1]!);
  const kept = new Set(quotedTerms.flatMap((w) => kb.tokenize(w)));
  // A title word the question uses twice ("积分入户总积分…") names the document once and asks once.
  const twice = (w: string) => ctx.question.split(w).length > 2;
  const drop = new Set(dropWords.flatMap((w) => kb.tokenize(w)).filter((w) => !kept.has(w) && !twice(w)));
  // The role asked for ("指挥长是谁") set apart, so that it cannot be mis-segmented into a word no
  // text has ("长是").
  const role = ROLE_WORD.exec(ctx.question)?.[0];
  const topicText = withoutTypeCue(ctx.question).replace(role ? new RegExp(role, "g") : /$^/, ` ${role} `);
  const allTokens = [...new Set([...kb.tokenize(topicText), ...extraTerms.flatMap((e) => kb.tokenize(e))])]
    .filter((tok) => !drop.has(tok) && !QUESTION_WORDS.has(tok) && !/^\d{4}$/.test(tok))
    // English words reach the Chinese text through the glossary; those no passage has are not evidence.
    .filter((tok) => !/^[a-z]/i.test(tok) || kb.known(tok))
    // A two-character cut no text holds, made of a function word and a neighbour's character
    // ("保险费由谁" → 费由, "要交"), is the segmenter's slip, not something asked about.
    .filter((tok) => !(tok.length === 2 && FUNCTION_CHAR.test(tok) && !kb.known(tok)));
  // Single characters (到, 年, 项) say little once the question has words of two or more.
  const long = allTokens.some((tok) => tok.length >= 2)
    ? allTokens.filter((tok) => tok.length >= 2)
    : allTokens;
  // An English question reaches Chinese text through its Chinese renderings: an English word a
  // few passages happen to hold ("traffic" in a standard's English title) would outweigh them all.
  const rendered = long.filter((tok) => !/^[a-z]/i.test(tok));
  const words = ctx.lang === "en" && rendered.length > 0 ? rendered : long;
  // The question's Chinese words of two characters or more, those that frame it left out.
  const chineseWords = (text: string) =>
    kb.tokenize(text).filter((w) => /^[\u4e00-\u9fa5]{2,}$/.test(w) && !QUESTION_WORDS.has(w));
  const contentWords = chineseWords(topicText);
  // What the question asks about, as groups of interchangeable words: an English word is held by
  // any of its renderings (glossary, dictionary); a Chinese word by itself, in part by its pieces.
  const asked =
    ctx.lang === "en"
      ? englishGroups(
          kb,
          ctx.question,
          glossaryMatches(ctx.question),
          kb.englishWords(withoutTypeCue(ctx.question)),
          contentWords,
          // Title words guessed from a weakly named document are what the question is about.
          weakNaming ? new Set(namingWords.flatMap((w) => [w, ...kb.tokenize(w)])) : drop,
        )
      : wordGroups(words, (w) => kb.idf(w));
  // Search with what the question asks, not with the words that only named the document.
  // "Where is the office…?" is answered by a sentence saying 设在, whatever language asks.
  const whereCue = /设在|在哪|\bwhere\b|located/i.test(ctx.question);
  const searchWords = asked.filter((g) => !g.alts.some((a) => drop.has(a))).flatMap((g) => g.alts);
  const query = [...new Set([...searchWords, ...(whereCue ? ["设在"] : [])])].join(" ");
  let hits = await kb.index.search(query, { k: 40, sources });
  if (!sources && preferred.size > 0) {
    // The named documents' own best passages first: over the whole base, a common word
    // ("合同", "教育") fills the first places with other documents' passages.
    const own = await kb.index.search(query, { k: 8, sources: [...preferred] });
    const seen = new Set(own.map((h) => h.passage));
    hits = [...own, ...hits.filter((h) => !seen.has(h.passage))];
  }
  // A document found may write out a short word the question uses (低保 → 最低生活保障).
  const groups =
    ctx.lang === "en"
      ? asked
      : withSpellings(
          asked,
          [...new Set([...preferred, ...hits.map((h) => h.passage.source)])].map((s) => kb.masked(s)),
        );
  const total = groups.reduce((s, g) => s + g.weight, 0);
  if (hits.length === 0 || total === 0 || groups.every((g) => g.alts.length === 0))
    return notFound(ctx, docs);

  const candidates: Candidate[] = [];
  const wanted = expectedType(ctx.question);
  // "受理申请后多少天内要作出工伤认定决定": the answer states its value next to 作出…决定, not next to
  // another step's deadline in the same sentence or the one before.
  const cue = wanted && ctx.lang === "zh" ? cueContext(ctx.question) : { before: "", after: "" };
  const slot = [...new Set([...chineseWords(cue.before), ...chineseWords(cue.after)])].map(
    (w) => groups.find((g) => g.alts.includes(w))?.alts ?? [w],
  );
  // What the question asks for, read once (not for every sentence of every passage).
  const asks = {
    time: ASKS_TIME.test(ctx.question),
    number: ASKS_NUMBER.test(ctx.question),
    person: ASKS_PERSON.test(ctx.question),
    // "由交通运输部部长任组长", "总指挥：市政府分管交通工作的副市长", "办公室设在市公安局".
    role: role ? new RegExp(`(任|担任)${role}|${role}[:：由]`) : null,
    // The line that defines the role, not one that mentions it: "总指挥：…" (not "副总指挥：…"),
    // "由…任组长", "组长由…担任".
    defines: role
      ? new RegExp(
          `(?:^|[\\s。；;:：])${role}[:：]|由[^，。；]{2,30}?(?:任|担任)${role}|(?:^|[^副])${role}由[^，。；]{2,30}?担任`,
        )
      : null,
    where: whereCue,
    body: !role && BODY_ASKED.test(ctx.question),
    // "“港澳青年”指什么人", "what does 特困人员 mean": the sentence that defines the term.
    definition: DEFINITION_ASKED.test(ctx.question),
    eligibility: ASKS_ELIGIBILITY.test(ctx.question),
  };
  // An English question reaches the text through guessed renderings: a sentence sharing one of
  // them by chance is not an answer, and a question that names no document, no domain term and no
  // Chinese word ("Tell me a joke") must be held nearly whole.
  const guessed = ctx.lang === "en";
  const anchored =
    !guessed ||
    (docs.length > 0 && !weakNaming) ||
    glossaryMatches(ctx.question).length > 0 ||
    /[\u4e00-\u9fa5]/.test(ctx.question);
  const need = guessed ? contentNeeded(groups, !anchored) : 0;
  const minCoverage = anchored ? MIN_COVERAGE : 0.6;
  const coverageOf = (source: string, span: Span) => {
    const held = groupCoverage(
      groups,
      kb.tokenSetOf(source, span),
      kb.masked(source).slice(span.start, span.end),
      (t) => kb.idf(t),
    );
    return held.content >= need ? held.share : held.share / 2;
  };
  hits.forEach((hit, rank) => {
    const doc = kb.doc(hit.passage.source)!;
    // A document the question did not name answers only when the passage speaks of what the
    // question named it by ("上海…" is answered from the Dalian plan only where it talks about 上海).
    if (
      !weakNaming &&
      preferred.size > 0 &&
      !preferred.has(doc.source) &&
      !namingWords.some((w) => hit.passage.text.includes(w))
    ) {
      return;
    }
    const masked = kb.masked(doc.source);
    const sentences = sentenceSpans(masked, hit.passage.start, hit.passage.end);
    sentences.forEach((s, i) => {
      let span: Span = s;
      let coverage = coverageOf(doc.source, s);
      // The sentence before may hold the subject ("…上海化学工业区…。行政审批方面，实现…").
      const prev = sentences[i - 1];
      if (prev && s.end - s.start >= 8) {
        const joint = coverageOf(doc.source, { start: prev.start, end: s.end }) * 0.9;
        if (joint > coverage + 0.1) {
          span = { start: prev.start, end: s.end };
          coverage = joint;
        }
      }
      const sentence = masked.slice(span.start, span.end);
      let score = coverage * 10 - rank * 0.3 + (preferred.has(doc.source) ? 1.5 : 0);
      // A sentence holding a value of the kind asked for (a duration for "多少天") is the answer's
      // evidence; a typed question's sentence without one is weaker.
      let value: string | undefined;
      if (wanted) {
        const values = typedValues(sentence, wanted);
        if (values.length > 0) {
          const slotted = slottedValue(sentence, values, slot);
          value = slotted.value;
          score += 4 + (slot.length > 0 ? (4 * slotted.near) / slot.length : 0);
        } else score -= 1;
      } else if (asks.time && DATE_IN.test(sentence)) score += 4;
      else if (asks.number && QUANTITY.test(sentence)) score += 3;
      // A role asked by name ("总指挥是谁") is answered by that role's line, not by any other's.
      if (
        !asks.role &&
        asks.person &&
        /组长|负责人|联系人|主任|[\u4e00-\u9fa5]{2,3}为(组长|副组长|主任)/.test(sentence)
      ) {
        score += 3;
      }
      if (asks.defines?.test(sentence)) score += 6;
      else if (asks.role?.test(sentence)) score += 2;
      // "…组成人员如下：" introduces the lines that name the holders ("指挥长：分管…的副市长").
      else if (asks.role && role && /[:：]\s*$/.test(sentence)) {
        const next = masked.slice(span.end, span.end + 300);
        if (asks.defines?.test(next)) score += 4;
      }
      if (asks.where && /设在/.test(sentence)) score += 4;
      if (asks.definition && DEFINES.test(sentence)) score += 4;
      if (asks.eligibility && ELIGIBLE.test(sentence)) score += 3;
      // "Who interprets / which body runs …": the sentence that gives a body the duty.
      if (asks.body && dutyHolder(sentence)) score += 3;
      // A web page's own stamp ("发表时间：2025-08-11 18:04:59") dates the page, not what it speaks of.
      if (PAGE_STAMP.test(sentence)) score -= 3;
      if (sentence.length < 8) score -= 5;
      // A heading line ("第二章处罚的种类和适用", "9.2预案解释") names a subject; the text under it answers.
      else if (sentence.length <= 24 && !/[，。；,;：:、]/.test(sentence)) score -= 2;
      candidates.push({ doc, span, score, coverage, ...(value ? { value } : {}) });
    });
  });
  // Only sentences that hold enough of the question compete; then the kind of answer asked for wins.
  const relevant = candidates.filter((c) => c.coverage >= minCoverage).sort((a, b) => b.score - a.score);
  const best = relevant[0];
  if (!best) return notFound(ctx, docs);
  const chosen = [best];
  const second = relevant.find(
    (c) => c !== best && c.score >= best.score * 0.85 && c.coverage >= 0.5 && c.doc !== best.doc,
  );
  if (second) chosen.push(second);
  /** The list items after `c` (`said` its text) that answer alike: same enumerator, a value, as much of the question. */
  const siblingItems = (c: Candidate, said: string): Span[] => {
    const style = typedValue(said, wanted!) ? enumeratorStyle(said) : null;
    if (!style) return [];
    const masked = kb.masked(c.doc.source);
    // Only items that hold as much of the question as the one found.
    const held = coverageOf(c.doc.source, { start: c.span.start + said.search(style), end: c.span.end });
    const items: Span[] = [];
    let end = c.span.end;
    while (items.length < 6) {
      const next = sentenceSpans(masked, end, Math.min(masked.length, end + 300))[0];
      const text = next ? masked.slice(next.start, next.end).trim() : "";
      if (!next || text.search(style) !== 0 || !typedValue(text, wanted!)) break;
      if (coverageOf(c.doc.source, next) < held - 0.01) break;
      items.push(next);
      end = next.end;
    }
    return items;
  };
  let stated: string | undefined;
  const lines = chosen.map((c) => {
    // A sentence that introduces a list ("…不认定为工伤：") is quoted with its items.
    const masked = kb.masked(c.doc.source);
    const said = masked.slice(c.span.start, c.span.end);
    if (/[:：]\s*$/.test(said) && !(wanted && typedValue(said, wanted))) {
      const stop = masked.indexOf("\n\n", c.span.end);
      const measure = c.doc.measures.find((m) => m.start <= c.span.start && c.span.end <= m.end);
      const limit = Math.min(
        measure?.end ?? masked.length,
        c.span.end + 400,
        stop >= 0 ? stop : masked.length,
      );
      const more = sentenceSpans(masked, c.span.end, limit);
      if (more.length) c.span = { start: c.span.start, end: more[more.length - 1]!.end };
    }
    // A clause that ends in "；" is finished by the last one when it goes on about the same
    // thing ("…的三倍；增加赔偿的金额不足五百元的，为五百元。").
    else if (/；\s*$/.test(said)) {
      const rest = /^[^；。\n]{2,80}。/.exec(masked.slice(c.span.end, c.span.end + 90))?.[0];
      if (rest && contentWords.some((w) => rest.includes(w)))
        c.span = { start: c.span.start, end: c.span.end + rest.length };
    }
    const n = ctx.cites.cite(c.doc, c.span);
    const quote = excerpt(kb.source(c.doc.source).text.slice(c.span.start, c.span.end), 500);
    // One item of a list of kinds ("（一）在校学生：…每人413元") comes with the items after it that
    // state a value of the kind asked ("（二）其他参保人员：…每人549元"), each quoted on its own.
    const items = wanted ? siblingItems(c, said) : [];
    const more = items
      .map(
        (s) =>
          `「${excerpt(kb.source(c.doc.source).text.slice(s.start, s.end), 300)}」[${ctx.cites.cite(c.doc, s)}]`,
      )
      .join("");
    // The value asked for is stated first, then the sentence that holds it.
    const quoted = masked.slice(c.span.start, c.span.end);
    const value = wanted
      ? (c.value ?? typedValue(quoted, wanted))
      : role
        ? roleHolder(quoted, role)
        : asks.where
          ? (/设在([^，。；;\n]{2,24})/.exec(quoted)?.[1] ?? null)
          : asks.body
            ? dutyHolder(quoted)
            : null;
    stated ??= value ?? undefined;
    const lead = value ? `**${value}**${t(ctx, "。", ". ")}` : "";
    return t(
      ctx,
      `${lead}根据${docName(c.doc)}：「${quote}」[${n}]${more}`,
      `${lead}According to ${docName(c.doc)}: “${quote}” [${n}]${more}`,
    );
  });
  return { found: true, answer: lines.join("\n\n"), ...(stated ? { value: stated } : {}) };
}

/** Who holds a role as a line or sentence says it: "总指挥：X", "由X任总指挥", "组长由X担任". */
export function roleHolder(text: string, role: string): string | null {
  const m =
    new RegExp(`(?:^|[\\s。；;:：])${role}[:：]\\s*([^，。；;\\n]{2,40})`).exec(text) ??
    new RegExp(`由([^，。；]{2,30}?)(?:任|担任)${role}`).exec(text) ??
    new RegExp(`(?:^|[^副])${role}由([^，。；]{2,30}?)担任`).exec(text);
  return m ? m[1]!.trim() : null;
}

function notFound(ctx: ComposeContext, docs: PolicyDoc[]): Composed {
  const scope = docs.length === 1 ? docName(docs[0]!) : t(ctx, "现有文件", "the indexed documents");
  return {
    found: false,
    answer: t(
      ctx,
      `在${scope}中没有找到能回答这个问题的内容。可以问我：某项措施由谁牵头、某单位或同志负责哪些措施、某项措施的主要内容、文号和日期等。`,
      `Nothing in ${scope} answers this question. You can ask who leads a measure, which measures a unit or person leads, what a measure says, or a document's number and dates.`,
    ),
  };
}
