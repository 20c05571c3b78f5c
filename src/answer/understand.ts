/**
 * Question understanding, by rule: language, intent, measure numbers in any form, quoted
 * titles, 文号, places and years. Pure functions; the document and lead names are resolved
 * against the index elsewhere (resolve.ts).
 */
import { CN_NUMERAL_CHARS, parseNumeral } from "../structure/numerals.js";
import { fold } from "../structure/text-view.js";
import { type DraftingIntent, draftingIntent } from "./drafting/intent.js";
import { dueCutoff } from "./due-date.js";

export type Intent =
  | "help"
  | "sources"
  | "lead_of_measure"
  | "measures_of_lead"
  | "summary"
  | "list"
  | "deadline"
  | "lookup"
  | "out_of_scope"
  | "clarify"
  | DraftingIntent;

/** "zh" when the question is written in Chinese, "en" when its sentence is English. */
export function detectLanguage(question: string): "zh" | "en" {
  const han = (question.match(/[\u4e00-\u9fff]/g) ?? []).length;
  const words = (question.match(/[A-Za-z]{2,}/g) ?? []).length;
  if (
    words >= 2 &&
    (han === 0 ||
      words * 2 >= han ||
      /^\s*(who|what|which|when|how|is|are|does|do|can|list|show|summari[sz]e|tell|give|and|where)\b/i.test(
        question,
      ))
  ) {
    return "en";
  }
  return han > 0 ? "zh" : words > 0 ? "en" : "zh";
}

const CN = `[${CN_NUMERAL_CHARS}]{1,6}`;

const UNITS =
  "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
const EN_CARDINAL = new RegExp(
  `\\b(?:measure|item|point|task|article)s?\\s+((?:${TENS.join("|")})(?:[\\s-](?:${UNITS.slice(0, 9).join("|")}))?|${UNITS.join("|")})\\b`,
  "gi",
);
/** "13项" with no 第, followed by the question ("谁牵头", "的内容", "?"); "有36项" is a count. */
const BARE_ITEM =
  /(?<![\d.有共计约第])(\d{1,3})\s*(?:项|条)(?=\s*(?:措施|任务|工作|要点)?\s*(?:由|是|谁|哪|的|讲|说|内容|主要|呢|吗|[?？。,，]|$))/g;

/** 1–99 written in English words: "seventeen", "twenty-one", "thirty five". */
function englishNumber(words: string): number | null {
  const [a, b] = words.toLowerCase().split(/[\s-]+/);
  const unit = UNITS.indexOf(a!);
  if (unit >= 0) return unit + 1;
  const ten = TENS.indexOf(a!);
  if (ten < 0) return null;
  return (ten + 2) * 10 + (b ? UNITS.indexOf(b) + 1 : 0);
}
const ORDINALS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
  "twentieth",
];

/** Measure numbers named in a question: 17, 十七, (十七), 第17项, 第十七条, item 17, point 2, the 3rd measure. */
export function measureNumbers(question: string): number[] {
  const q = fold(question);
  const out: number[] = [];
  const push = (s: string) => {
    const n = parseNumeral(s);
    if (n !== null && n > 0 && n < 500 && !out.includes(n)) out.push(n);
  };
  const patterns = [
    new RegExp(
      `第\\(?(${CN}|\\d{1,3})\\)?(?=项|条|点|个(?!方面|部分)|措施|任务|要点|呢|吗|的|$|[?,。!])`,
      "g",
    ),
    new RegExp(`\\((${CN})\\)`, "g"),
    // "要点一共有几条" is no measure 一: words that begin with a numeral do not count.
    new RegExp(
      `(?:措施|任务|要点|事项)\\(?(${CN}|\\d{1,3})\\)?(?![\\d年月日共起样般致些直定切同并旦律体级])`,
      "g",
    ),
    /(?:measure|measures|item|items|point|points|task|tasks|article|no\.|number|#)\s*#?(\d{1,3})(?![\d])/gi,
    /\b(\d{1,3})(?:st|nd|rd|th)\s+(?:measure|item|point|task)/gi,
  ];
  // Lists and ranges first, in the order written: 第17、18项 / 第17和18项 / 第3至5项 / measures 17 and 18 / items 3-5.
  const num = `\\(?(?:${CN}|\\d{1,3})\\)?`;
  const list = new RegExp(
    `第(${num}(?:\\s*(?:[、,和及与]|以及)\\s*第?${num})+)\\s*(?=项|条|点|措施|任务)`,
    "g",
  );
  for (const m of q.matchAll(list))
    for (const part of m[1]!.split(/[、,和及与]|以及/)) push(part.replace(/[第()]/g, ""));
  const range = new RegExp(`第(${num})\\s*(?:至|到|~|-|—)\\s*第?(${num})\\s*(?=项|条|点|措施|任务)`, "g");
  const enRange = /(?:measures|items|points|tasks)\s+(\d{1,3})\s*(?:-|–|to|through)\s*(\d{1,3})\b/gi;
  for (const m of [...q.matchAll(range), ...q.matchAll(enRange)]) {
    const a = parseNumeral(m[1]!.replace(/[()]/g, ""));
    const b = parseNumeral(m[2]!.replace(/[()]/g, ""));
    if (a !== null && b !== null && b > a && b - a < 30) for (let n = a; n <= b; n++) push(String(n));
  }
  for (const m of q.matchAll(
    /(?:measures|items|points|tasks)\s+(\d{1,3})((?:\s*,\s*\d{1,3})*\s*(?:,\s*)?and\s+\d{1,3})/gi,
  )) {
    push(m[1]!);
    for (const n of m[2]!.match(/\d{1,3}/g) ?? []) push(n);
  }
  for (const re of patterns) for (const m of q.matchAll(re)) push(m[1]!);
  // "measure seventeen", "item twenty-one"; "浦东13项谁牵头" (a number, 项, then the question).
  for (const m of question.matchAll(EN_CARDINAL)) {
    const n = englishNumber(m[1]!);
    if (n !== null) push(String(n));
  }
  for (const m of q.matchAll(BARE_ITEM)) push(m[1]!);
  const ord = new RegExp(`\\b(${ORDINALS.join("|")})\\s+(?:measure|item|point|task)`, "gi");
  for (const m of question.matchAll(ord)) push(String(ORDINALS.indexOf(m[1]!.toLowerCase()) + 1));
  return out;
}

/** Top-level parts named in a question: 第三部分, 第二章, 第四大项, part 2, section 3. */
export function partNumbers(question: string): number[] {
  const q = fold(question);
  const out: number[] = [];
  for (const m of q.matchAll(new RegExp(`第(${CN}|\\d{1,2})(?:个)?(?:部分|章|大项|方面|板块|大部分)`, "g"))) {
    const n = parseNumeral(m[1]!);
    if (n && !out.includes(n)) out.push(n);
  }
  for (const m of question.matchAll(/\b(?:part|section|chapter)\s+(\d{1,2})\b/gi)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * A decimal section number the question names: "4.1.1节讲什么", "第3.2节", "section 3.2",
 * "3.2.1规定了什么" (emergency plans and standards number their sections so).
 */
export function decimalSection(question: string): string | null {
  const q = fold(question);
  const m =
    /\bsection\s+(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.])/i.exec(question) ??
    /(?<![\d.])(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.])(?:节|小节|部分|条|款|章|(?=讲|说|规定|写|是什么|的内容|内容|有什么|有哪些))/.exec(
      q,
    );
  return m ? m[1]! : null;
}

/** A count the question states of the measures it asks for: "六项审改措施", "十大要点", "the six measures". */
export function statedCount(question: string): number | null {
  const zh = new RegExp(
    `(${CN}|\\d{1,2})(?:项|条|大|个)(?:[\\u4e00-\\u9fa5]{0,6})?(?:措施|举措|任务|要点|工作|方面)`,
  ).exec(fold(question));
  if (zh && !/第$/.test(fold(question).slice(0, zh.index))) return parseNumeral(zh[1]!);
  const en =
    /\b(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?:[a-z]+\s+)?(?:measures|tasks|points|items)\b/i.exec(
      question,
    );
  if (!en) return null;
  const words = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  const w = en[1]!.toLowerCase();
  return words.includes(w) ? words.indexOf(w) + 2 : Number(w);
}

/** Titles quoted with 《》 in a question. */
export function quotedTitles(question: string): string[] {
  return [...question.matchAll(/《([^》]{2,80})》/g)].map((m) => m[1]!);
}

/** Four-digit years in a question (2017, 2021 …). */
export function yearsIn(question: string): string[] {
  return [...new Set([...fold(question).matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => m[1]!))];
}

const HELP =
  /^(help|帮助|使用说明|说明|怎么用|用法|\?|？)$|你能做什么|你会什么|能回答什么|what can you do|how (do i|to) use/i;
const GREETING = /^(你好|您好|hi|hello|hey|谢谢|多谢|thanks|thank you|早上好|下午好|晚上好)[!！。.？?]*$/i;
const SOURCES =
  /^(sources|文件|文档)$|(有|收录|索引)(了)?哪些(文件|文档)|什么文件|哪些政策文件|which documents|what documents|list (the |all )?(documents|sources|files)/i;
const WHO_ZH =
  /谁|哪个(处室|部门|单位|科室|机构|处|局|委)|哪些(处室|部门|单位|同志|人|领导|机构)|哪位|(牵头|责任|负责|主责|配合)(单位|部门|处室|科室|人|领导|同志|方)|由.{0,6}(负责|牵头)|归口/;
const WHO_EN =
  /\bhandles?\b|\bresponsib|\bwho\b|\bwhom\b|which (division|department|unit|office|body|bureau|agency|section|person|people|comrade)s?|\bresponsible\b|\bin charge\b|\bleads?\b|\bleading\b|\bowner/i;
const WHICH_MEASURES_ZH = /哪些|哪几|什么工作|什么任务|什么措施|几项|多少项|负责什么|牵头什么|干什么|做什么/;
const WHICH_MEASURES_EN =
  /\b(which|what)\b.*\b(measures?|items?|work|tasks?|points?|lead|responsible|in charge)\b|\bwhat does\b|\bwhat do\b|\bresponsible for\b/i;
const SUMMARY =
  /总结|概括|摘要|概述|简述|归纳|主要内容|讲(了)?什么|说(了)?什么|什么内容|内容是什么|具体内容|介绍一下|解读|要求是什么|summar|overview|gist|explain|what does .* (say|cover|require|ask)|what is .* about|describe|tell me about/i;
const LIST =
  /列出|列举|罗列|which (measures|items|tasks|points)|有哪些措施|哪些措施|全部措施|所有措施|多少项措施|几项措施|措施清单|多少项任务|哪些任务|全部任务|任务清单|哪些要点|多少条|list (all |the )*(measures|items|tasks|points)|what (are|were) (the )?(\w+ )?(measures|items|tasks|points)|what (are the )?(measures|items|tasks|points)|how many (measures|items|tasks|points)|all (the )?(measures|items|tasks|points)/i;

/** "青岛要点有多少项?" — a count of the measures (only in a short question: a long one asks a figure). */
const COUNT = /有(多少|几)(项|条|点|个方面)|(多少|几)(项|条|点)(措施|任务|要点|工作)?[?？]?$/;
/** "浦东的三年行动是什么?", "What is the 'three-year action'?": what a named thing is (a measure's topic). */
const DEFINE =
  /^(?!.*(时间|时候|日期|多少|几|文号|谁|哪))[^?？]{2,14}是(什么|啥)[?？]?$|^what (is|are) (the )?["'“‘][^"'”’]{3,60}["'”’]/i;
/** Which measure a topic is: "第几条", "哪一项", "which measure is about …". */
const WHICH_ITEM =
  /第几(项|条|点|个)|哪一(项|条|点)|哪条|\bwhich (measure|item|point|task)\b|what (measure|item) number/i;
/** "…一共有几条?" — a total of the document's items, in a question of moderate length. */
const TOTAL = /(一共|总共|共计|总计|共)有?(多少|几)(项|条|点|个方面)/;
/** The measures of a document asked as a set: "审改措施分别是什么", "有哪些重点任务". */
const LIST_SET =
  /(措施|任务|要点|举措|事项)(都|主要)?(有哪些|包括哪些|是哪些|分别是什么|都是什么|是什么)|哪些(重点|主要)(措施|任务|要点|举措|工作)|分别是(什么|哪些)/;
/** The deadlines of a document or a topic's measure: "大连方案什么时候完成? 有什么时间要求?". */
const DEADLINES =
  /(什么时候|何时|哪年|几月).{0,6}(完成|建成|实现|到位)|(完成|办结)(的)?(时间|时限|期限)|时间(要求|节点|安排)|时限要求|进度安排|\bdeadlines\b|\bby when\b|when (must|should|will|is|are) .{0,80}(done|completed|finished|achieved|delivered)/i;

export const ASKS_DOC_NUMBER =
  /文号|发文字号|发文号|第几号|几号令|哪一号|令号|公告号|哪个公告|(令|公告)\s*(number|no\b)|document number|reference number|file number|doc(ument)? no|(order|decree) (number|no)|(what|which) number is the .{0,40}(order|decree|announcement|notice)/i;
/** The question asks how long the document is valid (有效期). */
export const ASKS_VALIDITY = /有效期|多久有效|valid (for|until)|how long .{0,30}valid|validity|expire/i;
/** The question asks when the document takes effect (施行, 生效), not when a task is done. */
export const ASKS_EFFECTIVE =
  /(什么时候|何时|哪天|哪一天|几时|哪年|日期|时间|从何时|自何时).{0,4}(开始|起)(施行|生效|实施|执行)|(什么时候|何时|哪天|哪一天|几时|哪年|从何时|自何时).{0,4}(施行|生效|起施行)|(施行|生效)(的)?(日期|时间)|(take|took|takes|come|came|comes) (into )?(effect|force)|in force|effective (date|from|since)/i;
export const ASKS_ISSUE_DATE =
  /(什么时候|何时|哪天|哪一天|哪年|哪一年|何年|几月|日期|时间).{0,4}(印发|发布|出台|签发|成文)|(印发|发布|出台|签发|成文)(的)?(日期|时间)|落款|when (was|were|did).{0,60}(issued|published|released|signed|dated)|date of (issue|issuance|publication)|issue date/i;
export const ASKS_ISSUER =
  /(哪个|哪家|什么|哪些)(单位|部门|机关|机构).{0,6}(印发|发布|制定|出台|下发)|发文(机关|单位)|(印发|发布)(单位|机关)|(由)?(谁|哪里)(印发|发布)|who (jointly )?(issued|published|released)|issued by|issuer|which (\w+ ){0,4}(office|bodies|body|department|ministry|agency|agencies|authority|authorities|organ) (\w+ )?(jointly )?(issued|published|released)/i;
/** What a question asking for the work due by a date says besides the date. */
const DUE_WORK =
  /完成|做|办|落实|任务|工作|措施|事项|到期|\bdue\b|\bdone\b|complet|finish|deliver|\btasks?\b|\bmeasures?\b/i;

/** The question asks the time of something (a deadline, a date). */
export const ASKS_TIME = /什么时候|何时|截止|期限|时限|哪天|几月|when\b|deadline|by when|due/i;

/** The question asks for the document's metadata (文号, issue date, issuer), not a measure's lead. */
export function asksMetadata(q: string): boolean {
  return (
    ASKS_DOC_NUMBER.test(q) ||
    ASKS_ISSUE_DATE.test(q) ||
    ASKS_EFFECTIVE.test(q) ||
    ASKS_VALIDITY.test(q) ||
    ASKS_ISSUER.test(q)
  );
}

/** A role a text assigns to a person or office: who is 组长, 总指挥, where the 办公室 sits. */
export const ROLE_WORD = /副?总指挥|副?指挥长|副?组长|副?主任|召集人|负责人|联系人/;

/** The question asks who holds a role ("由谁担任组长", "总指挥是谁", "who heads the command"). */
export function asksRoleHolder(q: string): boolean {
  return (
    (ROLE_WORD.test(q) && /谁|哪位|什么人|担任|是/.test(q)) || /\bwho (heads|chairs|commands)\b/i.test(q)
  );
}

/** Who-questions about a person named in the text (a group's head, a contact), not a measure's lead. */
/** The question asks who may have or do something: "哪些人可以申请", "who is entitled to". */
export const ASKS_ELIGIBILITY =
  /哪些人(可以|能|有权|需要)|什么人(可以|能)|谁(可以|能)(申请|享受|参保|参加|报名|领取)|什么条件|哪些条件|适用对象|享受对象|\bwho (is|are) (entitled|eligible|covered)|\bwho (can|may|must|should) (apply|enrol|enroll|join|receive|get|claim|register|participate|be insured)\b|\beligib/i;

const PERSON_FACT =
  /组长|副组长|联系人|主任|局长|市长|书记|负责人是|\bheads?\b|\bleader\b|\bchair|\bcontact|\bdirector|\bmayor|\bsecretary/i;

export interface IntentCues {
  hasMeasure: boolean;
  hasLead: boolean;
  /** The question names a document or topic words that retrieval may find. */
  language: "zh" | "en";
}

/** Classifies the intent from the question's words and what it names. */
export function classifyIntent(question: string, cues: IntentCues): Intent {
  const q = question.trim();
  const bare = q.replace(/^\/policy\s*/i, "").trim();
  if (HELP.test(bare) || /^\/policy\s*$/.test(q)) return "help";
  if (SOURCES.test(bare)) return "sources";
  if (GREETING.test(bare)) return "help";
  if (asksMetadata(q)) return "lookup";
  const drafting = draftingIntent(q, cues);
  if (drafting) return drafting;
  // "Who is entitled to…", "哪些人可以申请": who may, as the text's conditions say — not a lead.
  const who = (WHO_ZH.test(q) || WHO_EN.test(q)) && !ASKS_ELIGIBILITY.test(q);
  if (cues.hasLead && !cues.hasMeasure && (WHICH_MEASURES_ZH.test(q) || WHICH_MEASURES_EN.test(q) || !who)) {
    return "measures_of_lead";
  }
  if (cues.hasMeasure) {
    if (SUMMARY.test(q)) return "summary";
    if (who) return "lead_of_measure";
    if (ASKS_TIME.test(q)) return "deadline";
    return "summary";
  }
  // "关于职业卫生的是第几条?" asks which measure: the one on the topic, shown whole.
  if (WHICH_ITEM.test(q) && !who) return "summary";
  if (DEADLINES.test(q)) return "deadline";
  // "2018年6月前要完成哪些工作", "what is due by June 2018": the work due by a date.
  if (!who && dueCutoff(q, 2000) !== null && DUE_WORK.test(q)) return "deadline";
  if (
    LIST.test(q) ||
    LIST_SET.test(q) ||
    (q.length <= 16 && COUNT.test(q)) ||
    (q.length <= 32 && TOTAL.test(q))
  ) {
    return "list";
  }
  if (who && !PERSON_FACT.test(q)) return "lead_of_measure";
  if (SUMMARY.test(q) || DEFINE.test(q)) return "summary";
  return "lookup";
}

/**
 * A short question with no subject of its own, asked after another: "由哪个部门牵头?", "什么时候完成?",
 * "主要内容是什么?", "Who leads it?" — it asks about what the previous turn was about.
 */
export function isElliptical(question: string): boolean {
  const q = question.trim().replace(/^(请问|那么?|还有|再问一下)[,，]?/, "");
  return (
    q.length <= 16 &&
    /^(由|是)?(谁|哪个|哪些|哪位|哪家)|^(牵头|负责|责任|配合)(单位|部门|处室|人|领导)?|^(什么时候|何时|啥时候|时限|期限|截止|完成时间)|^(它的|其)?(主要|具体)?(内容|要求|目标|任务)|^(具体)?(讲|说)(了)?(什么|啥)|^(总结|概括)一下[?？。]?$|^who\b|^when\b|^what (does|do|is|are) (it|they|this|that)\b|^(and )?(its|their) /i.test(
      q,
    )
  );
}

/** A question that leans on the previous turn: "那第18项呢?", "And measure 21?", "这项工作…". */
export function isFollowUp(question: string): boolean {
  return /^(那|那么|还有|另外|再|and\b|what about|how about)|呢[?？]?$|这项|该项|此项|这个|这条|该措施|这些|上述|它|他|她|还负责|还牵头|\bit\b|\bits\b|\bthis\b|\bthat\b|\bthese\b|\bthem\b|\bhe\b|\bshe\b|\bthey\b|\belse\b/i.test(
    question.trim(),
  );
}
