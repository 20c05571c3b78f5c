/**
 * The kind of value a fact question expects — a duration ("公示多少天", "how long"), money
 * ("补贴标准是多少", "how much"), a percentage ("缴费费率", "what percentage"), a count or score
 * ("几次", "多少分"), a date ("什么时候", "by when"), an age ("多少岁") — and the value of that kind a
 * sentence holds. Pure: the look-up ranks sentences by it and states the value it quotes.
 */

export type AnswerType =
  | "duration"
  | "money"
  | "percent"
  | "count"
  | "date"
  | "age"
  | "amount"
  | "multiple"
  | "deadline"
  | "phone";

const NUM = "(?:\\d+(?:\\.\\d+)?|[零一二三四五六七八九十百千两]+)";

/** Cues in the question, most specific first: the first kind whose cue matches is expected. */
const CUES: [AnswerType, RegExp][] = [
  ["phone", /电话|传真|手机号|热线|phone|\bfax\b|\btel\b|hotline/i],
  ["age", /多大|几岁|多少岁|年龄|年满|周岁|\bage\b|how old/i],
  // "多长时间内完成…", "哪年建成", "by when must … be in place": a period or a date ("到2020年").
  [
    "deadline",
    /(多长时间|多久|几年|何时|什么时候|哪年|哪一年)内?.{0,6}(完成|建成|实现|建立|到位|健全|形成)|(完成|建成|实现|建立|到位|形成).{0,6}(多长时间|多久|何时|什么时候|哪年|时限)|by when|by what (year|date)|how (long|soon) .{0,40}(complete|achieve|establish|in place|done)/i,
  ],
  ["multiple", /几倍|多少倍|how many times|what multiple/i],
  ["percent", /比例|费率|百分之|百分比|几成|多少%|percentage|\brate\b|proportion|what share/i],
  [
    "duration",
    /多长时间|多久|多少天|几天|多少日|几日|多少个?工作日|几个工作日|多少小时|几小时|几个?小时|多少年|几年|多少个月|几个月|时限|期限多长|有效期多长|公示期|how long|how many (?:days|working days|hours|months|years)|within how many|what period/i,
  ],
  [
    "money",
    /多少钱|多少元|金额|费用|缴费标准|补贴标准|资助标准|救助标准|收费|罚款|how much|amount|\bfees?\b|subsid|\bfines?\b|allowance|\bcap\b/i,
  ],
  [
    "date",
    /什么时候|何时|哪天|哪几天|几月几日|哪一天|哪段时间|截止日期|截止时间|when\b|what date|by when|which days/i,
  ],
  [
    "count",
    /几个|几项|几类|几种|几次|几套|几所|几家|几名|几批|多少个|多少项|多少人|多少分|多少次|多少家|多少名|多少套|多少所|how many|number of|how often/i,
  ],
  ["amount", /多少|几|how much|how many/i],
];

/** A value of each kind, as written in a sentence (never part of an ordinal: 第十二条). */
const VALUES: Record<Exclude<AnswerType, "amount" | "deadline">, RegExp> = {
  // "三倍", "1倍以上3倍以下": damages and fines written as multiples.
  multiple: new RegExp(`${NUM}\\s*倍`),
  age: new RegExp(`${NUM}\\s*(?:周岁|岁)`),
  percent: new RegExp(`\\d+(?:\\.\\d+)?\\s*[%％]|百分之${NUM}`),
  phone: /(?<![\d])(?:\d{3,4}-)?\d{7,8}(?![\d])|(?<![\d])1\d{10}(?![\d])|(?<![\d])\d{5}(?![\d年])/,
  // Not a day of a month ("1月11日" is a date).
  duration:
    /(?<![\d.第零一二三四五六七八九十百千两月])(?:\d{1,3}|[一二三四五六七八九十百两]+)\s*(?:个)?(?:工作日|自然日|日|天|小时|个月|周(?!岁)|年)(?![\d])/,
  money: new RegExp(`\\d[\\d,，]*(?:\\.\\d+)?\\s*(?:万元|亿元|元)|${NUM}(?:万元|亿元|元)`),
  // "每月25日前": a day of every month.
  date: /每月\d{1,2}日(?:前|以前)?|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|(?:19|20)\d{2}年\d{1,2}月|\d{1,2}月\d{1,2}日|(?:19|20)\d{2}-\d{1,2}-\d{1,2}/,
  count: new RegExp(
    `(?<![\\d.第零一二三四五六七八九十百千两])${NUM}\\s*(?:个|项|类|种|次|人|名|家|分|条|批|件|户|张|套|所|座|辆|台|间|栋|份)`,
  ),
};

/**
 * The words that ask for the kind of value the question expects, with the 内 / 以内 after them
 * ("多少天内要提出" is not about a word "内要"), or null when it expects none. `global` for replacing.
 */
function cuePattern(question: string, global: boolean): RegExp | null {
  const type = expectedType(question);
  const cue = type ? CUES.find(([t]) => t === type)?.[1] : undefined;
  if (!cue) return null;
  return new RegExp(
    `(?:${cue.source})(?:以内|之内|内)?`,
    `${cue.flags.replace("g", "")}${global ? "g" : ""}`,
  );
}

/**
 * The question without the words that ask for the kind of value ("多长时间内", "how much"): they
 * say what is asked, not what it is about, and no sentence holds them.
 */
export function withoutTypeCue(question: string): string {
  const cue = cuePattern(question, true);
  if (!cue) return question;
  // Only the asking words go ("补贴标准", "罚款" are what the question is about).
  return question.replace(cue, (m) =>
    /多|几|何|什么|哪|截止(?:日期|时间)|\bhow\b|\bwhen\b|\bwhat\b|\bwhich\b|\bwithin\b/i.test(m) ? " " : m,
  );
}

/** The kind of value the question asks for, or null for a question that asks for none. */
export function expectedType(question: string): AnswerType | null {
  for (const [type, cue] of CUES) if (cue.test(question)) return type;
  return null;
}

/** A target date as plans write it: "到2020年", "2018年底前", "2018年6月前", "年内". */
const TARGET_DATE =
  /到(?:19|20)\d{2}年(?:底|末)?|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)|年内|年底前/;

/** The first value of `type` the sentence holds ("20日", "2094.4元", "50%"), or null. */
export function typedValue(sentence: string, type: AnswerType): string | null {
  return typedValues(sentence, type)[0]?.value ?? null;
}

/** A value found in a sentence and where it starts. */
export interface FoundValue {
  value: string;
  index: number;
}

/** Every value of `type` the sentence holds, the kinds a type stands for in their order of preference. */
export function typedValues(sentence: string, type: AnswerType): FoundValue[] {
  if (type === "deadline") {
    const target = [...sentence.matchAll(new RegExp(TARGET_DATE.source, "g"))].map((m) => ({
      value: m[0],
      index: m.index,
    }));
    return [...target, ...typedValues(sentence, "date"), ...typedValues(sentence, "duration")];
  }
  if (type === "amount") {
    const found = (["money", "percent", "duration", "count"] as const).flatMap((kind) =>
      typedValues(sentence, kind),
    );
    // "按…标准的1.5倍": a multiple answers "多少" only when the sentence states nothing plainer.
    return found.length ? found : typedValues(sentence, "multiple");
  }
  // A fine is set in money or as a multiple of a sum ("违法所得1倍以上3倍以下").
  if (type === "money" && !VALUES.money.test(sentence)) return typedValues(sentence, "multiple");
  const found: FoundValue[] = [];
  for (const m of sentence.matchAll(new RegExp(VALUES[type].source, "g"))) {
    // A year alone ("2025年") is not a duration.
    if (
      type === "duration" &&
      /年$/.test(m[0]) &&
      /(?:19|20)\d{2}\s*年$/.test(sentence.slice(0, m.index + m[0].length))
    )
      continue;
    found.push({ value: m[0].replace(/\s+/g, ""), index: m.index });
  }
  return found;
}

/**
 * The question's words on either side of the words that ask for the value: "受理申请后|多少天内|要作出
 * 工伤认定决定" → before "受理申请后", after "要作出工伤认定决定". The answer states the value in the
 * same place ("自受理…之日起60日内作出工伤认定的决定"). Empty strings when no cue is found.
 */
export function cueContext(question: string): { before: string; after: string } {
  const m = cuePattern(question, false)?.exec(question);
  if (!m) return { before: "", after: "" };
  const clause = /[，。；？?！!,;]/;
  const beforeText = question.slice(Math.max(0, m.index - 16), m.index);
  const afterText = question.slice(m.index + m[0].length, m.index + m[0].length + 16);
  return {
    before: beforeText.split(clause).at(-1) ?? "",
    after: afterText.split(clause)[0] ?? "",
  };
}
