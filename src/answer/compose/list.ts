/** The measures of a document, in order, with their leads. */
import { headingOf } from "../../structure/outline-path.js";
import type { PolicyDoc } from "../../types.js";
import { glossaryMatches } from "../glossary.js";
import type { KnowledgeBase } from "../knowledge.js";
import { docName, leadsPhrase } from "../render.js";
import { withOtherForms } from "../short-forms.js";
import { type ComposeContext, type Composed, t } from "./context.js";

export function listMeasures(ctx: ComposeContext, docs: PolicyDoc[]): Composed {
  const blocks = docs.map((doc) => {
    if (doc.measures.length === 0) {
      return t(
        ctx,
        `${docName(doc)}中没有识别出编号的措施。`,
        `No numbered measures were found in ${docName(doc)}.`,
      );
    }
    const head = t(
      ctx,
      `${docName(doc)}共有${doc.measures.length}项措施：`,
      `${docName(doc)} has ${doc.measures.length} measures:`,
    );
    const lines = doc.measures.map((m) => {
      const n = ctx.cites.cite(doc, m, m);
      const who = m.leads.length ? ` — ${leadsPhrase(m.leads, ctx.lang)}` : "";
      return `${m.number}. ${headingOf(m)}${who} [${n}]`;
    });
    return [head, ...lines].join("\n");
  });
  return { found: docs.some((d) => d.measures.length > 0), answer: blocks.join("\n\n") };
}

/**
 * The measures of a document about a topic ("哪些措施涉及危险化学品", "which measures deal with
 * emergency drills"): measures whose text contains the topic's words, best first.
 */
export async function listMeasuresAbout(
  ctx: ComposeContext,
  docs: PolicyDoc[],
  topic: string[],
): Promise<Composed> {
  const { kb } = ctx;
  const scope = docs.length ? docs : kb.docs;
  // The documents' own short forms count as the word (危险化学品 / 危化).
  const forms = withOtherForms(topic);
  const hits = await kb.index.search(forms.join(" "), {
    k: 60,
    sources: scope.map((d) => d.source),
    weights: { bm25: 1, vector: 0 },
  });
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const h of hits) {
    if (h.passage.measure === null || h.bm25Score <= 0) continue;
    const key = `${h.passage.source}#${h.passage.measure}`;
    if (seen.has(key)) continue;
    const doc = kb.doc(h.passage.source)!;
    const m = doc.measures.find((x) => x.number === h.passage.measure)!;
    const text = kb.masked(doc.source).slice(m.start, m.end).replace(/\s+/g, "");
    if (!forms.some((w) => text.includes(w))) continue;
    seen.add(key);
    const n = ctx.cites.cite(doc, m, m);
    const who = m.leads.length ? ` — ${leadsPhrase(m.leads, ctx.lang)}` : "";
    lines.push(`- ${scope.length > 1 ? `${docName(doc)} ` : ""}${headingOf(m)}${who} [${n}]`);
  }
  if (lines.length === 0) {
    return {
      found: false,
      answer: t(
        ctx,
        `没有找到涉及“${topic.join("、")}”的措施。`,
        `No measure mentions “${topic.join(", ")}”.`,
      ),
    };
  }
  const also = forms.filter((w) => !topic.includes(w));
  const alsoText = also.length
    ? t(
        ctx,
        `（含文件中的另一写法“${also.join("”“")}”）`,
        ` (or “${also.join("”, “")}”, as the documents also write it)`,
      )
    : "";
  const head = t(
    ctx,
    `涉及“${topic.join("、")}”${alsoText}的措施有${lines.length}项：`,
    `${lines.length} measure${lines.length > 1 ? "s" : ""} mention “${topic.join(", ")}”${alsoText}:`,
  );
  return { found: true, answer: [head, ...lines].join("\n") };
}

/** Words of a list question that are not its topic ("列出", "哪些措施", "which measures"). */
const LIST_WORDS = new Set(
  "列出 列举 罗列 哪些 哪几 全部 所有 各项 措施 任务 要点 举措 工作 重点 主要 涉及 关于 有关 相关 包括 包含 提到 提及 内容 清单 一共 总共 共有 多少 几项 几条 方面 文件 方案 计划 意见 分别 是什么 什么 都是 都有 有没有 归谁 谁管 管理 由谁 是谁 哪里 这事 这件事 事情 总结 概括 摘要 概述 简述 归纳 介绍 一下 梳理 汇总 解读 哪个 哪家 哪位 部门 单位 处室 科室 负责 牵头 责任 主责 配合 同志 领导".split(
    " ",
  ),
);

/** The topic of a list question in Chinese words: the most specific words left after the document's names. */
export function topicWords(kb: KnowledgeBase, q: string, docs: PolicyDoc[]): string[] {
  const drop = new Set(docs.flatMap((d) => [...d.aliases, ...kb.tokenize(d.title)]));
  const keep = (w: string) =>
    !drop.has(w) &&
    !LIST_WORDS.has(w) &&
    !GENERIC_TOPIC.has(w) &&
    w.length >= 2 &&
    !COUNTED.test(w) &&
    !docs.some((d) => d.title.includes(w));
  const han = [...new Set(kb.tokenize(q.replace(/[A-Za-z]+/g, " ")))].filter(
    (w) => /^[\u4e00-\u9fff]+$/.test(w) && keep(w),
  );
  // Keep the most specific of the question's words (危险化学品 rather than 危险 and 化学品);
  // glossary words for an English question are kept whole, as the glossary lists them.
  const specific = han.filter((w) => !han.some((o) => o !== w && o.includes(w)));
  // An English phrase that names the document ("Beidou" → 北斗, 卫星导航) names no topic.
  const naming = (zh: string[]) =>
    zh.some((w) => docs.some((d) => d.title.includes(w) || d.aliases.includes(w)));
  const english = glossaryMatches(q)
    .flatMap((m) => (naming(m.zh) ? [] : m.zh))
    .filter(keep);
  return [...new Set([...specific, ...english])];
}

/** "六项", "十大", "三条": a count, not a topic. */
const COUNTED = /^[一二两三四五六七八九十百千\d]+(项|条|点|大|个|种)?$/;

const GENERIC_TOPIC = new Set(["安全", "安全生产", "建设", "工作", "推进", "加强"]);
