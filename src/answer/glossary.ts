/** The bilingual domain glossary (index-data/glossary.json): English question words → Chinese. */
import { dataFile } from "../data-files.js";

export interface GlossaryEntry {
  en: string[];
  zh: string[];
}

/** The glossary's entries. */
export function glossary(): GlossaryEntry[] {
  return dataFile<{ entries: GlossaryEntry[] }>("glossary.json").entries;
}

function phraseRe(phrase: string): RegExp {
  const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z])${escaped}s?($|[^a-z])`);
}

let compiled: { phrase: string; zh: string[]; re: RegExp }[] | null = null;

/** Every English phrase with its compiled pattern, longest first (built once). */
function phrases(): { phrase: string; zh: string[]; re: RegExp }[] {
  compiled ??= glossary()
    .flatMap((e) => e.en.map((phrase) => ({ phrase, zh: e.zh, re: phraseRe(phrase) })))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  return compiled;
}

/** The glossary phrases found in a question, longest first, each stretch of words used once. */
export function glossaryMatches(question: string): { phrase: string; zh: string[] }[] {
  let rest = question.toLowerCase();
  const found: { phrase: string; zh: string[] }[] = [];
  if (!/[a-z]/.test(rest)) return found;
  for (const p of phrases()) {
    if (!rest.includes(p.phrase.toLowerCase().slice(0, 3))) continue;
    if (p.re.test(rest)) {
      found.push({ phrase: p.phrase, zh: p.zh });
      rest = rest.replace(p.re, "$1 $2");
    }
  }
  return found;
}

/** Chinese words for the English phrases found in a question. */
export function chineseTermsFor(question: string): string[] {
  return [...new Set(glossaryMatches(question).flatMap((f) => f.zh))];
}

/** English glosses of the Chinese glossary words that occur in a text, most specific first: ["drill (演练)", …]. */
export function englishGlossesIn(text: string, max = 6): string[] {
  const found: { gloss: string; weight: number }[] = [];
  const seen = new Set<string>();
  for (const e of glossary()) {
    const zh = e.zh.find((z) => z.length >= 2 && text.includes(z));
    if (!zh || seen.has(zh) || GENERIC_ZH.has(zh)) continue;
    seen.add(zh);
    // Longer and more frequent words say more about the text than 安全 or 建设.
    found.push({ gloss: `${e.en[0]} (${zh})`, weight: zh.length * text.split(zh).length });
  }
  return found
    .sort((a, b) => b.weight - a.weight)
    .slice(0, max)
    .map((f) => f.gloss);
}

/** Words too common to tell what a text is about. */
const GENERIC_ZH = new Set(
  [
    "安全 安全生产 建设 建立 实施 落实 活动 人员 企业 技术 措施 任务 举措 同志 部门 办公室 方案 计划 要点 意见",
    // Who acts and how a document is worded, not what it is about.
    "人民政府 市人民政府 市政府 县级以上人民政府 县级以上地方人民政府 县级以上 国务院 国务院有关部门 有关部门 相关部门",
    "主管部门 行政主管部门 牵头部门 牵头单位 牵头 配合部门 配合单位 配合 负责人 主要负责人",
    "施行 有效期 负责解释 解释 附件 公布 颁布 通过 根据 依据 制定 适用范围 适用 是指 所称 总则 附则 试行 暂行",
    "申请 办理 程序 申请条件 条件 资格 申请材料 材料 工作日 核查 核实 审核 报告 上报 公告 公示 禁止 严禁 不得",
  ]
    .join(" ")
    .split(" "),
);
