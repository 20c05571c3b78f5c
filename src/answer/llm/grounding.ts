/**
 * Grounding of a model's answer (pure): the evidence goes to the model numbered and fenced as
 * data, and what comes back is checked against that evidence before anyone sees it.
 *
 * - `fenceEvidence` writes each passage as `<evidence id="n" …>…</evidence>`; angle brackets and
 *   quotes inside the passage are replaced by look-alikes, so a document cannot close the fence
 *   or open a tag of its own (its text stays data, whatever it says).
 * - `groundAnswer` keeps only markers [n] that point at given evidence, drops every sentence with
 *   a name, number or date that no quote it cites holds (an unmarked sentence is checked against
 *   every quote the answer cites), and renumbers the markers 1…k in order of first use. An answer
 *   left with no valid marker gives null: the caller answers extractively instead.
 */
import { fold } from "../../structure/text-view.js";

/** A passage the model may cite, as `[id]`. */
export interface EvidenceItem {
  id: number;
  /** The verbatim quote (what the claims are checked against). */
  quote: string;
  /** The document's title (names in it count as supported). */
  title: string;
  section: string;
}

/** Longest passage text put in the prompt (characters); the claims are checked against the whole quote. */
export const MAX_EVIDENCE_CHARS = 1500;

/** Replaces the characters that could end the fence or start a tag. */
export function neutralize(text: string): string {
  return text.replace(/</g, "‹").replace(/>/g, "›").replace(/"/g, "”");
}

/** The evidence block of a prompt: one fenced passage per item, whitespace runs collapsed. */
export function fenceEvidence(items: readonly EvidenceItem[]): string {
  return items
    .map((e) => {
      const flat = e.quote
        .replace(/\s*\n\s*/g, "\n")
        .replace(/[ \t\u3000]+/g, " ")
        .trim();
      const text = flat.length > MAX_EVIDENCE_CHARS ? `${flat.slice(0, MAX_EVIDENCE_CHARS)}…` : flat;
      return `<evidence id="${e.id}" document="${neutralize(e.title)}" section="${neutralize(e.section)}">\n${neutralize(text)}\n</evidence>`;
    })
    .join("\n");
}

/** A question fenced as data. */
export function fenceQuestion(question: string): string {
  return `<question>\n${neutralize(question)}\n</question>`;
}

/** Citation markers as models write them: [1], [1, 2], [1][2], 【1】. */
const MARKER = /\[(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\]|【(\d{1,3})】/g;

/** Rewrites every marker to `[n]` runs, keeping only ids in `valid`. */
export function cleanMarkers(text: string, valid: ReadonlySet<number>): string {
  return text.replace(MARKER, (_m, list: string | undefined, single: string | undefined) =>
    (list ?? single ?? "")
      .split(/[,，、]/)
      .map((s) => Number(s.trim()))
      .filter((n) => valid.has(n))
      .map((n) => `[${n}]`)
      .join(""),
  );
}

/** The marker ids of a text, in order, with repeats. */
export function markersIn(text: string): number[] {
  return [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
}

/** Splits a line into sentences; markers right after a sentence end stay with that sentence. */
export function sentencesOf(line: string): string[] {
  const out: string[] = [];
  const re = /[。！？!?；;]|\.(?=\s|$)/g;
  let from = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    let end = m.index + m[0].length;
    const tail = /^(?:\s*\[\d+\])+/.exec(line.slice(end));
    if (tail) end += tail[0].length;
    out.push(line.slice(from, end));
    from = end;
    re.lastIndex = end;
  }
  if (from < line.length) out.push(line.slice(from));
  return out.filter((s) => s.trim() !== "");
}

/** Words that end the name of an organisation ("…局", "…委员会", "…领导小组"). */
const ORG = /[\u4e00-\u9fa5]{2,12}?(?:委员会|领导小组|办公室|管理局|中心|政府|公司|集团|厅|局)/g;
const DATE = /\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}/g;
const NUMBER = /\d+(?:\.\d+)?/g;
const URL_RE = /(?:https?:\/\/|www\.)[^\s)\]）】]+/gi;
const PERSON = /[\u4e00-\u9fa5]{2}同志/g;
const CJK_RUN = /[\u3400-\u9fff]{2,}/g;

/** Options of `claimsOf`. */
export interface ClaimOptions {
  /** The answer's language: an English answer's Chinese words are all names or quotes. */
  lang: "zh" | "en";
  /** Names the documents use (units, persons): any of them in a sentence is a claim. */
  names?: readonly string[];
}

/**
 * The names, numbers and dates a sentence states (folded: whitespace gone, full-width forms
 * ASCII), each of which some cited quote must hold. An organisation's name is checked by its last
 * four characters ("由区应急管理局" → "急管理局") and a person by the two characters before
 * 同志, so that the words before them ("由", "会同") do not count.
 */
export function claimsOf(sentence: string, options: ClaimOptions): string[] {
  const s = fold(sentence.replace(/\[\d+\]/g, "").replace(/\*\*/g, ""));
  const claims: string[] = [];
  // A link is a claim too: a model (or a document speaking to it) cannot add one the sources lack.
  const unlinked = s.replace(URL_RE, (u) => {
    claims.push(u);
    return " ";
  });
  let rest = unlinked.replace(DATE, (d) => {
    claims.push(d);
    return " ";
  });
  for (const m of rest.matchAll(NUMBER)) claims.push(`#${m[0]}`);
  rest = rest.replace(NUMBER, " ");
  for (const m of s.matchAll(PERSON)) claims.push(m[0]);
  if (options.lang === "en") {
    for (const m of s.matchAll(CJK_RUN)) claims.push(m[0]);
  } else {
    for (const m of s.matchAll(ORG)) claims.push(m[0].slice(-4));
  }
  for (const name of options.names ?? []) {
    const f = fold(name);
    if (f.length >= 2 && s.includes(f)) claims.push(f);
  }
  return [...new Set(claims)];
}

/** 17 → "十七", 105 → "一百零五" (below 10,000), as documents number their items. */
export function chineseNumeral(n: number): string {
  const digits = "零一二三四五六七八九";
  if (!Number.isInteger(n) || n < 0 || n >= 10_000) return "";
  if (n < 10) return digits[n]!;
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ""}`;
  const units = ["", "十", "百", "千"];
  const parts = String(n).split("").reverse();
  let out = "";
  let zero = false;
  for (let i = parts.length - 1; i >= 0; i--) {
    const d = Number(parts[i]);
    if (d === 0) {
      zero = out !== "";
      continue;
    }
    if (zero) out += "零";
    zero = false;
    out += digits[d] + units[i]!;
  }
  return out;
}

/**
 * True when `support` (folded) holds the claim. "#17" is a number that stands alone ("117" does
 * not hold it), or written in Chinese numerals ("(十七)", "十七、") as documents number their items.
 */
export function supports(support: string, claim: string): boolean {
  if (!claim.startsWith("#")) return support.includes(claim);
  const n = claim.slice(1);
  const cn = /^\d{1,4}$/.test(n) ? chineseNumeral(Number(n)) : "";
  if (
    cn &&
    new RegExp(`(?<![一二三四五六七八九十百千零])${cn}(?![一二三四五六七八九十百千零])`).test(support)
  )
    return true;
  let at = support.indexOf(n);
  while (at >= 0) {
    const before = support[at - 1] ?? "";
    const after = support[at + n.length] ?? "";
    if (
      !/[\d.]/.test(before) &&
      !/\d/.test(after) &&
      !(after === "." && /\d/.test(support[at + n.length + 1] ?? ""))
    )
      return true;
    at = support.indexOf(n, at + 1);
  }
  return false;
}

/** What `groundAnswer` kept. */
export interface Grounded {
  /** The answer with markers renumbered 1…k. */
  text: string;
  /** The evidence ids cited, in the order of the new numbers (used[0] is now [1]). */
  used: number[];
  /** Sentences dropped for stating what no cited quote holds. */
  dropped: string[];
  /** Markers removed for pointing at no evidence. */
  invalidMarkers: number;
}

/** Checks a model's answer against its evidence (see the file's comment); null when nothing cited is left. */
export function groundAnswer(
  answer: string,
  evidence: readonly EvidenceItem[],
  options: ClaimOptions,
): Grounded | null {
  const byId = new Map(evidence.map((e) => [e.id, e]));
  const before = markersIn(answer.replace(/【(\d{1,3})】/g, "[$1]")).length;
  const cleaned = cleanMarkers(answer, new Set(byId.keys()));
  const invalidMarkers = Math.max(0, before - markersIn(cleaned).length);
  const support = (ids: number[]) =>
    ids.map((id) => fold(`${byId.get(id)!.quote}\n${byId.get(id)!.title}`)).join("\n");
  const allCited = support([...new Set(markersIn(cleaned))]);
  const dropped: string[] = [];
  const lines = cleaned.split("\n").map((line) => {
    const kept = sentencesOf(line).filter((sentence) => {
      const ids = [...new Set(markersIn(sentence))];
      const against = ids.length ? support(ids) : allCited;
      const ok = claimsOf(sentence, options).every((c) => supports(against, c));
      if (!ok) dropped.push(sentence.trim());
      return ok;
    });
    const text = kept.join("");
    // A bullet or heading left with no words of its own goes too.
    return /^\s*(?:[-*>]|\d+[.、])?\s*$/.test(text) && line.trim() !== "" ? null : text.trimEnd();
  });
  const text = lines
    .filter((l): l is string => l !== null)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  const used = [...new Set(markersIn(text))];
  if (used.length === 0) return null;
  const renumber = new Map(used.map((id, i) => [id, i + 1]));
  return {
    text: text.replace(/\[(\d+)\]/g, (_m, n: string) => `[${renumber.get(Number(n))}]`),
    used,
    dropped,
    invalidMarkers,
  };
}

/** A streamed answer so far, for display: markers that point at no evidence removed. */
export function scrubPartial(text: string, evidenceCount: number): string {
  const valid = new Set(Array.from({ length: evidenceCount }, (_, i) => i + 1));
  // A marker still being written ("[1" at the end) is held back.
  return cleanMarkers(text.replace(/[[【]\d{0,3}$/, ""), valid);
}
