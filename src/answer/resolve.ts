/**
 * Resolves what a question names against the index: documents (by 文号, quoted title, place,
 * year, title words — in Chinese or English) and units or persons (exact names from the
 * extracted leads, longest first: 安全生产考试中心 is not 考试中心).
 */

import { abbreviates } from "../structure/abbreviation.js";
import { GENERIC_PLACE } from "../structure/aliases.js";
import { placesIn } from "../structure/places.js";
import { fold } from "../structure/text-view.js";
import type { PolicyDoc } from "../types.js";
import type { Target } from "./compose/context.js";
import { chineseTermsFor, glossaryMatches } from "./glossary.js";
import type { KnowledgeBase } from "./knowledge.js";
import { titleSimilarity } from "./title-similarity.js";
import { asksMetadata, quotedTitles, yearsIn } from "./understand.js";

/** A 文号 with its brackets made alike: 沪府办发〔2025〕17号 = 沪府办发[2025]17号 = 沪府办发(2025)17号. */
function docNumberKey(s: string): string {
  return fold(s)
    .replace(/[〔［[(（【]/g, "[")
    .replace(/[〕］\])）】]/g, "]");
}

/** A quoted name this alike to a held title (see title-similarity.ts) names that document. */
const NEAR_TITLE = 0.72;
/** How the name of a document ends: a quoted name ending so that no held document matches is refused. */
const DOCUMENT_KIND_END =
  /(方案|要点|计划|措施|意见|办法|通知|规定|细则|规划|条例|法|决定|公告|通告|批复|标准|规范|指南|规则|纲要|预案|制度)$/;
/** A year range or edition after a name: 《…行动方案（2020—2022年）》, 《…条例(2019修订)》. */
const TRAILING_BRACKETS = /\s*[（(][^）)]*[）)]\s*$/;

/** "哪年修订的", "什么时候公布": the dates of a document, not a task to revise it. */
const WHEN_REVISED =
  /(哪年|哪一年|何时|什么时候|哪天|日期|时间).{0,4}(修订|修正|通过|公布)|(修订|修正|通过|公布).{0,4}(哪年|何时|什么时候|日期|时间)/;

/** Per-document values computed once (documents are immutable once structured). */
const foldedTitles = new WeakMap<PolicyDoc, string>();
const docNumbers = new WeakMap<KnowledgeBase, { doc: PolicyDoc; key: string }[]>();

/** The documents that have a 文号, with its key, in corpus order (computed once per knowledge base). */
function numberedDocs(kb: KnowledgeBase): { doc: PolicyDoc; key: string }[] {
  let list = docNumbers.get(kb);
  if (!list) {
    list = kb.docs.flatMap((doc) => (doc.docNumber ? [{ doc, key: docNumberKey(doc.docNumber) }] : []));
    docNumbers.set(kb, list);
  }
  return list;
}

/** A document's title, folded (computed once). */
function titleOf(doc: PolicyDoc): string {
  let v = foldedTitles.get(doc);
  if (v === undefined) {
    v = fold(doc.title);
    foldedTitles.set(doc, v);
  }
  return v;
}

/** Words of nearly every question ("第17项措施"): they do not name a document. */
const GENERIC_TITLE_WORDS = new Set(["措施", "任务", "举措", "工作", "事项", "项目", "相关", "开展", "推进"]);

/** Characters of grammar, never inside a place name: "任务由市药监局牵头" names no place "任务由". */
const FUNCTION_CHARS = /[由在与及的对向从是被把将了或其并给]/;

/** A document named by its subject without quotes: "北斗方案", "医疗器械的文件", "双碳行动计划". */
const TITLE_REFERENCE =
  /([\u4e00-\u9fa5]{2,10}?)的?(?:行动方案|实施方案|工作方案|行动计划|工作要点|实施意见|方案|要点|计划|意见|办法|细则|规划|条例|文件)/g;

/** A document called by its subject and kind, unquoted: "助餐配餐管理办法", "这个特困供养通知". */
const KIND_REFERENCE =
  /([\u4e00-\u9fa5]{2,12}?)的?(管理办法|实施办法|实施细则|实施方案|工作方案|行动方案|方案|办法|细则|条例|通知|意见|规定|预案|公告|通告|指南|解释|决定)/g;

/**
 * The question calls `doc` by its subject and kind ("居家社区养老办法" for 《广州市居家社区养老服务管理
 * 办法》): most two-character pieces of the subject are in the title, and so is the kind.
 */
function calledByKind(q: string, doc: PolicyDoc): boolean {
  const title = titleOf(doc);
  for (const m of q.matchAll(KIND_REFERENCE)) {
    if (!title.includes(m[2]!.slice(-2))) continue;
    const subject = (m[1]!.split(/[在中的里和与及对把将为从由是给个]/).pop() ?? "").slice(-8);
    if (subject.length < 2) continue;
    const pieces = [...subject].slice(1).map((ch, i) => subject[i]! + ch);
    if (pieces.filter((p) => title.includes(p)).length >= Math.max(1, pieces.length * 0.6)) return true;
  }
  return false;
}

/** A request at the start of a question ("列出", "总结一下", "请问"): not the document's subject. */
const REQUEST_VERB =
  /^(请问|请|帮我|给我|麻烦|列出|列举|罗列|总结|概括|介绍|说说|讲讲|看看|查询|查一下|告诉我|关于|一下)+/;

/** Words that point at a document without naming its subject ("这个方案", "本市的工作要点"). */
const POINTING =
  /这个|这份|那个|那份|哪个|哪份|什么|上述|整个|相关|有关|各项|全部|所有|我们|你们|本|该|此|这|那|年|市|区|省|县/g;

/**
 * The subject of an unquoted document reference that no indexed document speaks of: a word of it
 * is absent from every document ("北斗" in "北斗方案", "器械" in "医疗器械的文件", when no such plan
 * is held). Only decides when no held document is named as strongly (see `resolveDocs`).
 */
function unheldTitle(q: string, kb: KnowledgeBase): string | null {
  for (const m of q.matchAll(TITLE_REFERENCE)) {
    // The subject is what stands right before the kind of document: after the last grammar word,
    // without a leading request verb ("列出北斗方案" → 北斗, "…委在医疗器械方案" → 医疗器械).
    const tail = m[1]!.split(/[在中的里和与及对把将为从由是给]/).pop() ?? "";
    // A place before the subject ("上海北斗方案") says where, not what: the subject is what follows
    // the last place; a document named by its place alone ("做一个浦东要点") has none.
    const lastPlace = Math.max(-1, ...placesIn(tail).map((p) => tail.lastIndexOf(p.zh) + p.zh.length));
    const subject = tail.slice(Math.max(0, lastPlace)).replace(REQUEST_VERB, "").replace(POINTING, " ");
    // A phrase with a question word or a verb's aspect ("印发了多少个…子方案") asks about the
    // content; it does not name a document.
    if (subject.trim().length < 2 || QUESTION_PHRASE.test(subject) || /[了过着]/.test(subject)) continue;
    const words = kb
      .tokenize(subject)
      .filter((w) => w.length >= 2 && !GENERIC_TITLE_WORDS.has(w) && /^[\u4e00-\u9fa5]+$/.test(w));
    if (words.length === 0) continue;
    // The index's vocabulary answers at once; a handful of documents are also read as text.
    // A word the index's vocabulary lacks may still be written in a document: the segmenter cuts
    // a question's run differently from the text's ("攻坚子" of 治本攻坚子方案), so the text decides.
    const held = (w: string) =>
      kb.known(w) || kb.docsContaining(w).length > 0 || kb.docs.some((d) => titleOf(d).includes(w));
    if (!words.every(held)) return subject.trim();
  }
  return null;
}

/** "the Beidou plan", "the Medical Devices Action Plan", "the Online New Economy Action Plan": capitalised names before a kind of document. */
const EN_TITLE_REFERENCE =
  /\b((?:[A-Z][a-z]+[\s-]+){0,5}[A-Z][a-z]+)(?:'s)?\s+(?:[Aa]ction\s+)?(?:[Pp]lan|[Ww]ork\s+[Pp]oints|[Mm]easures|[Oo]pinions|[Dd]ocument|[Rr]egulations?|[Pp]olicy|[Ll]aw|[Rr]ules|[Nn]otice|[Cc]ircular)\b/g;
/** Capitalised words that name no subject: sentence starts, kinds and generic policy words. */
const EN_GENERIC =
  /^(the|this|that|these|which|what|who|whose|how|does|do|is|are|in|of|for|and|on|action|work|working|safety|production|implementation|three|year|annual|city|municipal|district|province|provincial|government|reform|development|summarize|summarise|list|draft|show|tell|give|explain|compare|national|people's|republic|china|chinese|when|where|under|according|state|council|ministry|committee|commission|office|general|administration|bureau|department|standing|congress|npc|supreme|court|procuratorate|samr|csrc|interim|provisional|revised|new)$/i;

/**
 * The English counterpart of `unheldTitle`: a capitalised name whose subject words (places and
 * generic words aside) render, through the glossary or the dictionary, into less than a third
 * of one held document's title ("Online New Economy" names no held title).
 */
function unheldEnglishTitle(question: string, kb: KnowledgeBase): string | null {
  const aliases = new Set(kb.docs.flatMap((d) => d.aliases.map((a) => a.toLowerCase())));
  for (const m of question.matchAll(EN_TITLE_REFERENCE)) {
    const words = m[1]!
      .split(/[\s-]+/)
      .filter((w) => !EN_GENERIC.test(w) && !aliases.has(w.toLowerCase()) && placesIn(w).length === 0);
    if (words.length === 0) continue;
    const votes = new Map<PolicyDoc, number>();
    for (const w of words) {
      const renderings = [...chineseTermsFor(w), ...kb.englishAlternatives(w).flat()].filter(
        (zh) => zh.length >= 2,
      );
      // A rendering counts where a held title contains it (titles are few and short; their
      // tokens may cut 市场主体 where the rendering is 市场).
      const owners = kb.docs.filter((d) => renderings.some((zh) => titleOf(d).includes(zh)));
      for (const d of owners) votes.set(d, (votes.get(d) ?? 0) + 1);
    }
    const best = Math.max(0, ...votes.values());
    // The dictionary misses words (Registration → 登记): a third of the words is enough to hold.
    if (best * 3 < words.length)
      return m[1]!.replace(/^(?:The|This|That|What|Which|Who|When|Where|How)\s+/, "");
  }
  return null;
}

export interface DocResolution {
  /** The documents the question is about, best first; empty when it names none. */
  docs: PolicyDoc[];
  /** True when the question itself names the document(s). */
  named: boolean;
  /** A place or title the question names that no indexed document has ("北京"). */
  unknown: string | null;
  /** True when a 文号 or a quoted title named the document (not only a place or title words). */
  exact: boolean;
  /** True when only title words named the documents (no 文号, quoted title, full title or place). */
  weak?: boolean;
  /** The best-scored documents with their evidence scores (for `npm run ask -- --explain`). */
  candidates?: { source: string; score: number }[];
}

/** Scores every document against the question's names and returns the best ones. */
export function resolveDocs(question: string, kb: KnowledgeBase, names: string[] = []): DocResolution {
  const q = fold(question);
  const scores = new Map<PolicyDoc, number>();
  const add = (d: PolicyDoc, s: number) => scores.set(d, (scores.get(d) ?? 0) + s);

  const qKey = docNumberKey(q);
  for (const { doc, key } of numberedDocs(kb)) if (qKey.includes(key)) add(doc, 100);
  const titles = quotedTitles(question).map(fold);
  let unknownTitle: string | null = null;
  for (const t of titles) {
    let mentioned = false;
    let titled = false;
    const inText = new Set(kb.docsContaining(t));
    for (const d of kb.docs) {
      const title = titleOf(d);
      if (title === t || title.includes(t) || t.includes(title)) {
        add(d, 50);
        titled = true;
      } else if (titleSimilarity(t, title) >= NEAR_TITLE) {
        // A title quoted from memory (a word left out, 工作方案 for 实施方案) still names it.
        add(d, 40);
        titled = true;
      } else if (inText.has(d)) {
        add(d, 8);
        mentioned = true;
      }
    }
    // A document only mentioned by the held ones is not held: its own articles, items and dates
    // ("《安全生产法》第十条", "…哪年修订的") are not those of the plans that cite it.
    const itsItems =
      !titled &&
      (/第\s*[\d一二三四五六七八九十百]+\s*[条项款章]/.test(q) || asksMetadata(q) || WHEN_REVISED.test(q));
    if ((!(mentioned || titled) || itsItems) && DOCUMENT_KIND_END.test(t.replace(TRAILING_BRACKETS, ""))) {
      unknownTitle = t;
    }
  }

  // A title named without 《》 ("工伤认定办法规定…", "社会保险法从什么时候施行"), also without the
  // 中华人民共和国 of a national law, names its document as surely as a quoted one.
  for (const d of kb.docs) {
    const title = titleOf(d);
    const short = title.replace(/^中华人民共和国/, "");
    if (short.length >= 4 && q.includes(short) && !titles.some((t) => t.includes(short))) add(d, 40);
  }

  unknownTitle ??= unheldTitle(q, kb) ?? unheldEnglishTitle(question, kb);

  const places = placesIn(question);
  let unknownPlace: string | null = null;
  for (const p of places) {
    const owners = kb.docs.filter((d) => d.aliases.includes(p.zh));
    for (const d of owners) add(d, 10);
    if (owners.length === 0) unknownPlace ??= p.zh;
  }
  // Places outside the gazetteer ("盐城市"): a document's own alias, else unknown when no
  // document even mentions them.
  for (const m of q.matchAll(/([\u4e00-\u9fa5]{2,3}?)(?:省|市)(?![委政局厅办级内外域属直场民])/g)) {
    const name = m[1]!;
    if (
      GENERIC_PLACE.test(name) ||
      FUNCTION_CHARS.test(name) ||
      /[中里内]$|方案|要点|计划|文件|通知|意见|措施/.test(name) ||
      places.some((p) => p.zh === name || p.zh.includes(name) || name.includes(p.zh))
    )
      continue;
    const owners = kb.docs.filter((d) => d.aliases.includes(name));
    for (const d of owners) add(d, 10);
    if (owners.length === 0 && kb.docsContaining(name).length === 0) unknownPlace ??= name;
  }
  const years = yearsIn(question);
  for (const y of years) for (const d of kb.docs) if (d.aliases.includes(y)) add(d, 3);

  // Title words, weighted by rarity across documents (工作要点 says more than 安全生产).
  // Unit and person names are not title words ("规划科技处" must not pick a title with "科技").
  const rest = names.reduce((acc, n) => acc.split(n).join(" "), q);
  const all = new Set([...kb.tokenize(rest), ...chineseTermsFor(question).flatMap((t) => kb.tokenize(t))]);
  // The most specific words only: "安监" inside "智慧安监" names the concept, not a 安监局's plan.
  const words = [...all].filter(
    (w) => ![...all].some((o) => o !== w && o.length > w.length && o.includes(w)),
  );
  const titleWord = (w: string): { owners: PolicyDoc[]; weight: number } | null => {
    if (w.length < 2 || /^\d+$/.test(w) || GENERIC_TITLE_WORDS.has(w)) return null;
    const owners = kb.docsWithTitleWord(w);
    if (owners.length === 0 || owners.length === kb.docs.length) return null;
    // A kind of document (行动计划, 实施方案) says less than its subject (医疗器械).
    const kind = /(方案|计划|要点|意见|措施|办法|通知)$/.test(w) ? 0.5 : 1;
    return { owners, weight: Math.min(3, (Math.log(kb.docs.length / owners.length) + 0.5) * kind) };
  };
  for (const w of words) {
    const found = titleWord(w);
    if (found) for (const d of found.owners) add(d, found.weight);
  }
  // A short form of a title's words ("长护险" for 长期护理保险, "公租房" for 公共租赁住房, "低保" for
  // 最低生活保障): a question word no title has, written by characters of one title in order.
  for (const w of words) {
    if (w.length < 2 || w.length > 4 || !/^[\u4e00-\u9fa5]+$/.test(w) || GENERIC_TITLE_WORDS.has(w)) continue;
    if (kb.docsWithTitleWord(w).length > 0 || QUESTION_PHRASE.test(w)) continue;
    const owners = kb.docs.filter((d) => abbreviates(w, titleOf(d)));
    if (owners.length === 0 || owners.length > 3) continue;
    // A common word (决定, 发生) is not a short form, whatever titles its characters fall in
    // (searched last: it reads every document's text).
    if (kb.docsContaining(w).length > 3) continue;
    for (const d of owners) add(d, 2);
  }
  // An English word the glossary does not know names a document through the dictionary: once,
  // by its rendering that is a title word ("security" → 安全 in 国家安全法), never by its other senses.
  for (const alternatives of kb.englishAlternatives(question)) {
    const best = alternatives
      .flatMap((zh) => kb.tokenize(zh).filter((w) => !all.has(w)))
      .map(titleWord)
      .filter((x) => x !== null)
      .sort((a, b) => b.weight - a.weight)[0];
    if (best) for (const d of best.owners) add(d, best.weight);
  }

  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 0;
  const candidates = ranked
    .slice(0, 5)
    .map(([d, score]) => ({ source: d.source, score: Math.round(score * 100) / 100 }));
  // A quoted name or a subject no held title has decides unless a 文号 or a title names a held
  // document: places and words it shares with held ones ("上海市…行动方案") do not make it theirs.
  if (unknownTitle && top < 40) {
    return { docs: [], named: true, unknown: unknownTitle, exact: false, candidates };
  }
  // A named place we do not hold decides unless a held document is named as strongly.
  if (unknownPlace && top < 10)
    return { docs: [], named: true, unknown: unknownPlace, exact: false, candidates };
  if (top < 2) return { docs: [], named: false, unknown: null, exact: false, candidates };
  // Title words are weak evidence: documents within a small margin of the best stay candidates.
  const docs = ranked.filter(([, s]) => s >= top - 1 && s >= top * 0.75).map(([d]) => d);
  // Title words alone are weak, unless they call the best document by its subject and kind.
  const weak = top < 10 && !(docs.length === 1 && calledByKind(q, docs[0]!));
  return { docs, named: true, unknown: null, exact: top >= 50, weak, candidates };
}

/**
 * Lead names (units, persons) named in the question: exact names, longest first, no overlaps;
 * in an English question also persons in pinyin ("Hua Mei") and units by their English names
 * from the glossary ("the Personnel Division").
 */
export function leadNamesIn(question: string, kb: KnowledgeBase): string[] {
  const q = fold(question);
  const taken: [number, number][] = [];
  const out: string[] = [];
  for (const name of kb.leadNames) {
    let from = 0;
    for (let at = q.indexOf(name, from); at >= 0; at = q.indexOf(name, from)) {
      from = at + 1;
      const end = at + name.length;
      // A name inside a longer one ("考试中心" in "安全生产考试中心") is not named, nor one that
      // belongs to another body ("领导小组办公室", "安委会办公室" are not the 办公室 of a plan).
      if (taken.some(([a, b]) => at < b && end > a)) continue;
      if (OWNING_BODY.test(q.slice(Math.max(0, at - 4), at))) continue;
      taken.push([at, end]);
      if (!out.includes(name)) out.push(name);
    }
  }
  if (out.length === 0) for (const name of abbreviatedLeads(q, kb.leadNames)) out.push(name);
  if (/[A-Za-z]{2}/.test(question)) {
    const lower = ` ${question.toLowerCase().replace(/[^a-z]+/g, " ")} `;
    for (const [spelled, name] of kb.pinyinNames) {
      if (lower.includes(` ${spelled} `) && !out.includes(name)) out.push(name);
    }
    for (const m of glossaryMatches(question)) {
      if (m.phrase.split(" ").length < 2) continue; // "office" alone is too loose
      for (const zh of m.zh) if (kb.mentionsOf(zh).length > 0 && !out.includes(zh)) out.push(zh);
    }
  }
  return out;
}

/** Words ending a body that a unit name after them belongs to ("领导小组" + 办公室). */
const OWNING_BODY = /(小组|委员会|委会|安委会|指挥部|联席会议)$/;

/** A unit as a question may shorten it: "上海市药监局", "发改委", "经信委". */
const UNIT_PHRASE = /[\u4e00-\u9fa5]{2,9}?(?:局|委|办|厅|中心|院|署)/g;
const CITY_PREFIX = /^(?:上海市|上海|本市|全市|市|区)/;

/**
 * Lead names a question names by a common short form: the short form keeps the name's first and
 * last characters and a subsequence of the rest (药监局 → 市药品监管局, 发改委 → 市发展改革委).
 * At most three names, or none: a short form that fits many names names none of them.
 */
function abbreviatedLeads(q: string, leadNames: readonly string[]): string[] {
  const isSubsequence = (short: string, long: string) => {
    let i = 0;
    for (const ch of long) if (ch === short[i]) i++;
    return i === short.length;
  };
  for (const m of q.matchAll(UNIT_PHRASE)) {
    const phrase = m[0]!.replace(CITY_PREFIX, "");
    for (let i = 0; i + 3 <= phrase.length; i++) {
      const short = phrase.slice(i);
      const hits = leadNames.filter((name) => {
        const bare = name.replace(CITY_PREFIX, "");
        return (
          bare.length > short.length &&
          bare[0] === short[0] &&
          bare.at(-1) === short.at(-1) &&
          isSubsequence(short, bare)
        );
      });
      if (hits.length > 0) return hits.length <= 3 ? hits : [];
    }
  }
  return [];
}

/** The name in "X负责哪些工作" / "what does X lead" when it is not an indexed lead. */
export function leadPhrase(question: string): string | null {
  const q = fold(question).replace(/^\/policy/i, "");
  const zh =
    /^(?:请问)?(.{2,20}?)(?:同志)?(?:都|主要|具体|分别)?(?:牵头负责|牵头|负责|承担|主抓)(?:了)?(?:哪些|哪几|什么|几项|多少)/.exec(
      q,
    );
  if (zh) return zh[1]!.replace(/^(浦东|大连|青岛|上海|咸阳)(方案|文件)?(中|里)?的?/, "");
  const en = /what (?:does|do|is) (.{2,40}?) (?:lead|responsible|in charge|own)/i.exec(question);
  if (en) return en[1]!.trim();
  const en2 =
    /which (?:measures|items|tasks|work) (?:does|do|is|are) (.{2,40}?) (?:lead|responsible|in charge|own)/i.exec(
      question,
    );
  return en2 ? en2[1]!.trim() : null;
}

/** The measure a question describes by its topic ("who is responsible for the information platform"). */
export async function measureByTopic(
  kb: KnowledgeBase,
  q: string,
  docs: PolicyDoc[],
): Promise<Target | null> {
  const scope = docs.length ? docs : kb.docs;
  // A title quoted in the question that a measure contains decides.
  for (const title of quotedTitles(q)) {
    for (const doc of scope) {
      const folded = kb.foldedText(doc.source);
      for (const m of doc.measures) {
        const text = kb.masked(doc.source).slice(m.start, m.end).replace(/\s+/g, "");
        if (text.includes(title.replace(/\s+/g, "")) && folded.length > 0) return { doc, measure: m };
      }
    }
  }
  const byPhrase = measuresByPhrase(kb, q, scope);
  if (byPhrase.length === 1) return byPhrase[0]!;
  const hits = await kb.index.search(q, {
    k: byPhrase.length ? 50 : 10,
    sources: scope.map((d) => d.source),
    extraTerms: chineseTermsFor(q),
  });
  // Several measures hold the question's phrase: retrieval ranks them, and only them.
  const held = (source: string, n: number | null) =>
    byPhrase.length === 0 || byPhrase.some((t) => t.doc.source === source && t.measure.number === n);
  const top = hits.find(
    (h) => h.passage.measure !== null && h.bm25Score > 0 && held(h.passage.source, h.passage.measure),
  );
  if (!top && byPhrase.length) return byPhrase[0]!;
  if (!top) return null;
  const doc = kb.doc(top.passage.source)!;
  const measure = doc.measures.find((m) => m.number === top.passage.measure);
  return measure ? { doc, measure } : null;
}

/** Question words: a phrase with them in it names no topic ("什么时候完成", "由谁牵头"). */
const QUESTION_PHRASE = /什么|哪些|哪个|哪项|怎么|如何|多少|几项|由谁|是谁|谁|何时|时候|吗|呢|请问|一下|是否/;
/** Phrase matching scans every measure's text: only for a handful of documents. */
const PHRASE_SCOPE_LIMIT = 40;

/**
 * The measures that contain the longest phrase of the question (4+ characters, no question words,
 * held by at most 8 measures), best first by how many such phrases each holds: "智慧安监什么时候完成"
 * → the measures that speak of 智慧安监, whatever BM25 makes of 智慧 and 安监 separately.
 */
function measuresByPhrase(kb: KnowledgeBase, q: string, scope: PolicyDoc[]): Target[] {
  if (scope.length > PHRASE_SCOPE_LIMIT) return [];
  const runs = fold(q).match(/[\u4e00-\u9fa5]{4,}/g) ?? [];
  const names = new Set(scope.flatMap((d) => d.aliases));
  const longest = Math.max(0, ...runs.map((r) => r.length));
  for (let len = Math.min(longest, 16); len >= 4; len--) {
    const hits = new Map<Target["measure"], { target: Target; phrases: number }>();
    for (const run of runs) {
      for (let i = 0; i + len <= run.length; i++) {
        const phrase = run.slice(i, i + len);
        if (QUESTION_PHRASE.test(phrase) || [...names].some((n) => phrase.includes(n))) continue;
        const holders: Target[] = [];
        for (const doc of scope)
          for (const m of doc.measures)
            if (kb.measureText(doc.source, m).includes(phrase)) holders.push({ doc, measure: m });
        if (holders.length === 0 || holders.length > 8) continue;
        for (const h of holders) {
          const entry = hits.get(h.measure) ?? { target: h, phrases: 0 };
          // A measure whose heading says it is about the phrase beats one that mentions it.
          entry.phrases += fold(h.measure.title).includes(phrase) ? 3 : 1;
          hits.set(h.measure, entry);
        }
      }
    }
    if (hits.size === 0) continue;
    const ranked = [...hits.values()].sort((a, b) => b.phrases - a.phrases);
    return ranked.filter((r) => r.phrases === ranked[0]!.phrases).map((r) => r.target);
  }
  return [];
}
