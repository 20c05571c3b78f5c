/**
 * Resolves what a question names against the index: documents (by 文号, quoted title, place,
 * year, title words — in Chinese or English) and units or persons (exact names from the
 * extracted leads, longest first: 安全生产考试中心 is not 考试中心).
 */
import { GENERIC_PLACE } from "../structure/aliases.js";
import { placesIn } from "../structure/places.js";
import { fold } from "../structure/text-view.js";
import type { PolicyDoc } from "../types.js";
import type { Target } from "./compose/context.js";
import { chineseTermsFor, glossaryMatches } from "./glossary.js";
import type { KnowledgeBase } from "./knowledge.js";
import { quotedTitles, yearsIn } from "./understand.js";

/** A 文号 with its brackets made alike: 沪府办发〔2025〕17号 = 沪府办发[2025]17号 = 沪府办发(2025)17号. */
function docNumberKey(s: string): string {
  return fold(s)
    .replace(/[〔［[(（【]/g, "[")
    .replace(/[〕］\])）】]/g, "]");
}

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

function cached(map: WeakMap<PolicyDoc, string>, doc: PolicyDoc, make: () => string): string {
  let v = map.get(doc);
  if (v === undefined) {
    v = make();
    map.set(doc, v);
  }
  return v;
}

/** Words of nearly every question ("第17项措施"): they do not name a document. */
const GENERIC_TITLE_WORDS = new Set([
  "措施",
  "任务",
  "举措",
  "工作",
  "事项",
  "项目",
  "相关",
  "开展",
  "推进",
  "安全",
  "安全生产",
]);

export interface DocResolution {
  /** The documents the question is about, best first; empty when it names none. */
  docs: PolicyDoc[];
  /** True when the question itself names the document(s). */
  named: boolean;
  /** A place or title the question names that no indexed document has ("北京"). */
  unknown: string | null;
  /** True when a 文号 or a quoted title named the document (not only a place or title words). */
  exact: boolean;
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
    let hit = false;
    const inText = new Set(kb.docsContaining(t));
    for (const d of kb.docs) {
      const title = cached(foldedTitles, d, () => fold(d.title));
      if (title === t || title.includes(t) || t.includes(title)) {
        add(d, 50);
        hit = true;
      } else if (inText.has(d)) {
        add(d, 8);
        hit = true;
      }
    }
    if (!hit && /(方案|要点|计划|措施|意见|办法|通知|规定|细则|规划|条例)$/.test(t)) unknownTitle = t;
  }

  const places = placesIn(question);
  let unknownPlace: string | null = null;
  for (const p of places) {
    const owners = kb.docs.filter((d) => d.aliases.includes(p.zh));
    for (const d of owners) add(d, 10);
    if (owners.length === 0) unknownPlace ??= p.zh;
  }
  // Places outside the gazetteer ("盐城市"): a document's own alias, else unknown when no
  // document even mentions them.
  for (const m of q.matchAll(/([\u4e00-\u9fa5]{2,3}?)(?:省|市)(?![委政局厅办])/g)) {
    const name = m[1]!;
    if (
      GENERIC_PLACE.test(name) ||
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
  const words = new Set([...kb.tokenize(rest), ...chineseTermsFor(question).flatMap((t) => kb.tokenize(t))]);
  for (const w of words) {
    if (w.length < 2 || /^\d+$/.test(w) || GENERIC_TITLE_WORDS.has(w)) continue;
    const owners = kb.docsWithTitleWord(w);
    if (owners.length === 0 || owners.length === kb.docs.length) continue;
    const weight = Math.log(kb.docs.length / owners.length) + 0.5;
    for (const d of owners) add(d, Math.min(3, weight));
  }

  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 0;
  // A named place we do not hold decides unless a held document is named as strongly.
  const unknown = unknownTitle ?? unknownPlace;
  if (unknown && top < 10) return { docs: [], named: true, unknown, exact: false };
  if (top < 2) return { docs: [], named: false, unknown: null, exact: false };
  // Title words are weak evidence: documents within a small margin of the best stay candidates.
  const docs = ranked.filter(([, s]) => s >= top - 1 && s >= top * 0.75).map(([d]) => d);
  return { docs, named: true, unknown: null, exact: top >= 50 };
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
      // A name inside a longer one ("考试中心" in "安全生产考试中心") is not named.
      if (taken.some(([a, b]) => at < b && end > a)) continue;
      taken.push([at, end]);
      if (!out.includes(name)) out.push(name);
    }
  }
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
