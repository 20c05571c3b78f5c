/**
 * The document's dates, each classified by what the text says happened on it:
 *   signed       the date under the issuer's signature (an organisation or "部长 …" line)
 *   printed      "…2021年12月6日印发"
 *   published    a page's 发布日期
 *   adopted      "…会议通过" in a law's history note or a 令's sentence
 *   promulgated  "…公布" / "现予公布" and the date under that 令 or 公告
 *   revised      "…修订" / "…修正", "根据…的决定修正", "关于修改…的决定…通过"
 *   effective    "自2021年11月1日起施行", "自印发之日起施行" (the printed or signed date)
 *   mentioned    anywhere else
 * The verbs are read only in the header (above the first heading) except entry into force, which
 * a law states in its last article.
 */
import type { DocDate, Span } from "../types.js";
import type { TextLine } from "./metadata.js";
import { parseNumeral } from "./numerals.js";

const CN_YEAR_DIGITS: Record<string, string> = {
  〇: "0",
  "○": "0",
  零: "0",
  一: "1",
  二: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
};

/** 2021年6月10日, 2021-6-10, 二○一○年十二月三十一日. */
const DATE_RE =
  /((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日|((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})|([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/g;

function isoOf(m: RegExpMatchArray): string | null {
  let y: string;
  let mo: number;
  let d: number;
  if (m[1]) [y, mo, d] = [m[1], Number(m[2]), Number(m[3])];
  else if (m[4]) [y, mo, d] = [m[4], Number(m[5]), Number(m[6])];
  else {
    y = [...m[7]!].map((c) => CN_YEAR_DIGITS[c] ?? "").join("");
    mo = parseNumeral(m[8]!) ?? 0;
    d = parseNumeral(m[9]!) ?? 0;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || !/^(19|20)\d{2}$/.test(y)) return null;
  return `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const DATE_SOURCE = DATE_RE.source;
const DATE_START = /(?:19|20)\d{2}年|[〇○零一二三四五六七八九]{4}年/;

const DATE_LINE = new RegExp(`^(?:${DATE_SOURCE})(印发|发布)?$`);

/** A line holding a date and nothing else (or "…印发" / "…发布"). */
export function isDateLine(clean: string): boolean {
  return DATE_LINE.test(clean);
}

/** "部长郭声琨", "总理李克强", "中华人民共和国主席习近平", "市长温国辉": a person signing a 令. */
export function isPersonSignature(clean: string): boolean {
  return /^(?:中华人民共和国|国务院)?(主席|总理|部长|局长|主任|省长|市长|区长|县长|厅长|署长|州长|盟长)[\u4e00-\u9fa5]{2,4}$/.test(
    clean,
  );
}

/** A 令's or 公告's sentence publishing the text: the date under it is the promulgation date. */
const PROMULGATION = /现予(?:以)?(?:公布|发布|公告)|予以公布|现公布/;
/** The verb of a history note's date: what happened on it. */
const VERB = /通过|批准|修订|修正|公布|发布/;
/** Words saying that an act amends another. */
const AMENDS = /关于修改|修正案/;

interface Context {
  lines: TextLine[];
  /** Offset where the body begins: the first heading (the header's verbs are read above it). */
  headerEnd: number;
  isOrgLine: (clean: string) => boolean;
  /** The text is promulgated by a 令 or 公告 (its heading was found). */
  order: boolean;
}

function classify(
  line: TextLine,
  i: number,
  at: number,
  len: number,
  /** Where the previous date of the line ends, and where the next begins. */
  prev: number,
  next: number,
  ctx: Context,
): DocDate["kind"] {
  const clean = line.clean;
  const before = clean.slice(Math.max(0, at - 4), at);
  let after = clean.slice(at + len, next);
  const inHeader = line.start < ctx.headerEnd;
  if (/自$/.test(before) && /^起?(施行|实施|执行)/.test(after)) {
    // In the body only the document's own entry into force ("本法自…起施行") counts, not a
    // provision's ("…新设定的制度自2013年7月1日起施行").
    const clause = (
      clean
        .slice(0, at)
        .split(/[，,；;。]/)
        .pop() ?? ""
    ).replace(
      /^(第[^条]{1,8}条|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,3}[、.])/,
      "",
    );
    return inHeader || /^本/.test(clause) ? "effective" : "mentioned";
  }
  // "广州市人民政府办公厅秘书处 2021年12月6日印发"; "人力资源社会保障部 2013年4月25日".
  if (after === "印发" && next === clean.length) return "printed";
  if (after === "" && next === clean.length && ctx.isOrgLine(clean.slice(0, at))) return "signed";
  // A history note wrapped over lines (PDF): its verb may stand on the next line.
  if (next === clean.length && ctx.lines[i + 1]) {
    const more = ctx.lines[i + 1]!.clean;
    const stop = more.search(DATE_START);
    after += stop >= 0 ? more.slice(0, stop) : more;
  }
  if (isDateLine(clean)) {
    if (/印发$/.test(clean)) return "printed";
    const prev = ctx.lines[i - 1]?.clean ?? "";
    // Under a 令's or 公告's sentence (or right under "…现予公告" where no number is printed).
    const promulgating =
      inHeader &&
      ctx.lines.slice(Math.max(0, i - (ctx.order ? 6 : 2)), i).some((l) => PROMULGATION.test(l.clean));
    if (promulgating) return "promulgated";
    if (ctx.isOrgLine(prev) || isPersonSignature(prev)) return "signed";
    return "mentioned";
  }
  if (!inHeader) return "mentioned";
  if (/根据.{0,2}$/.test(before)) {
    // "根据2003年8月21日…通过 2003年11月6日…批准的《…的决定》修正": up to the next 根据.
    const upTo = clean.indexOf("根据", at);
    if (/修正|修订|修改/.test(clean.slice(at, upTo >= 0 ? upTo : undefined))) return "revised";
  }
  let verb = VERB.exec(after)?.[0];
  // Dates listed with one verb ("…第1882次会议、2023年7月27日…会议通过"): the list's verb.
  if (!verb && /[、和及]$/.test(after)) verb = VERB.exec(clean.slice(next))?.[0];
  switch (verb) {
    case "通过":
      return AMENDS.test(clean.slice(prev, at) + after) ? "revised" : "adopted";
    case "修订":
    case "修正":
      return "revised";
    case "公布":
    case "发布":
      // Only a 令's or 公告's text is promulgated; elsewhere "…发布" is a page's list of links.
      return ctx.order ? "promulgated" : "mentioned";
    default:
      return "mentioned";
  }
}

/** Dates a page's info box or a scraper's header gives by name ("发布日期：2018-1-23"). */
const LABELLED: { re: RegExp; kind: DocDate["kind"] }[] = [
  { re: /(?:发布日期|发布时间)/, kind: "published" },
  { re: /成文日期/, kind: "signed" },
  { re: /(?:实施日期|施行日期|生效日期)/, kind: "effective" },
];

/** Between a label, its colon and its value: spaces, line breaks and a page's tags (<span>…</span>). */
const GAP = "\\s*(?:<[^<>]{0,80}>\\s*){0,4}";

function labelledDates(raw: string): DocDate[] {
  const out: DocDate[] = [];
  // A page's publication date in its <meta> (the CMS's PubDate / publishdate).
  const meta =
    /<meta\s+name="(?:PubDate|publishdate|pubdate|firstpublishedtime)"\s+content="((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/i.exec(
      raw,
    );
  if (meta) {
    const start = meta.index + meta[0].length - (meta[1]!.length + meta[2]!.length + meta[3]!.length + 2);
    out.push({
      text: raw.slice(start, meta.index + meta[0].length),
      iso: `${meta[1]}-${meta[2]!.padStart(2, "0")}-${meta[3]!.padStart(2, "0")}`,
      kind: "published",
      start,
      end: meta.index + meta[0].length,
    });
  }
  for (const { re, kind } of LABELLED) {
    const full = new RegExp(
      `${re.source}\\**${GAP}[:：]${GAP}((?:19|20)\\d{2})\\s*[-年/.]\\s*(\\d{1,2})\\s*[-月/.]\\s*(\\d{1,2})日?`,
      "g",
    );
    for (const m of raw.matchAll(full)) {
      const text = m[0].slice(m[0].search(/\d/));
      const start = m.index + m[0].length - text.length;
      out.push({
        text,
        iso: `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`,
        kind,
        start,
        end: start + text.length,
      });
    }
  }
  return out;
}

/** "自印发之日起施行": the document is in force from its printed (or signed, promulgated) date. */
function inForceFromIssue(lines: TextLine[], dates: DocDate[]): DocDate | null {
  for (const line of lines) {
    const m = /自(印发|发布|公布|发文|签发)之日起(?:施行|实施|执行|生效)/.exec(line.clean);
    if (!m) continue;
    const order: DocDate["kind"][] =
      m[1] === "公布" ? ["promulgated", "signed"] : ["printed", "signed", "promulgated"];
    for (const kind of order) {
      const d = dates.find((x) => x.kind === kind);
      if (d) return { ...d, kind: "effective" };
    }
    return null;
  }
  return null;
}

/** Every full date of the document, classified (see the file's comment). */
export function findDates(
  lines: TextLine[],
  raw: string,
  headerEnd: number,
  isOrgLine: (clean: string) => boolean,
  order = false,
): DocDate[] {
  const ctx: Context = { lines, headerEnd, isOrgLine, order };
  const dates: DocDate[] = [];
  lines.forEach((line, i) => {
    const found = [...line.clean.matchAll(DATE_RE)];
    found.forEach((m, k) => {
      const iso = isoOf(m);
      if (!iso) return;
      const next = found[k + 1]?.index ?? line.clean.length;
      const prev = k > 0 ? found[k - 1]!.index! + found[k - 1]![0].length : 0;
      const span: Span = line.view.span(m.index!, m.index! + m[0].length);
      const kind = classify(line, i, m.index!, m[0].length, prev, next, ctx);
      dates.push({ text: m[0], iso, kind, ...span });
    });
  });
  for (const d of labelledDates(raw)) {
    const same = dates.findIndex((x) => x.start === d.start);
    if (same >= 0) dates.splice(same, 1);
    dates.push(d);
  }
  if (!dates.some((d) => d.kind === "effective")) {
    const effective = inForceFromIssue(lines, dates);
    if (effective) dates.push(effective);
  }
  return dates.sort((a, b) => a.start - b.start);
}
