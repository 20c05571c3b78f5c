/** Answers about the bot and the collection: help, sources, unknown documents, clarifications. */
import type { SourceProblem, SourceProblemCode } from "../../ingest/source-problem.js";
import type { PolicyDoc } from "../../types.js";
import { docName } from "../render.js";
import { closestDocs } from "../title-similarity.js";
import { type ComposeContext, type Composed, t } from "./context.js";

export function help(ctx: ComposeContext): Composed {
  return {
    found: true,
    answer: t(
      ctx,
      "可以这样问：\n- 第17项措施由谁牵头？\n- 花梅同志牵头负责哪些工作？\n- 总结一下浦东第十九项措施\n- 列出大连方案的全部措施\n- 浦东工作要点的文号是什么？\n- 浦东和大连在执法检查上的措施有什么不同？\n\n命令：`/policy help`、`/policy sources`、`/policy use <文件>`（本频道只问一份文件）、`/policy use all`、`/policy digest <文件>`（逐项摘要）、`/policy table <文件>`（责任分工表）",
      "Ask me, for example:\n- Who leads measure 17?\n- Which measures does 规划科技处 lead?\n- Summarize measure 25 of the Dalian plan\n- List the measures of the Pudong work points\n- What is the document number of the Pudong work points?\n- Compare Pudong and Dalian on enforcement inspections\n\nCommands: `/policy help`, `/policy sources`, `/policy use <document>` (scope this channel to one document), `/policy use all`, `/policy digest <document>` (every measure), `/policy table <document>` (who leads what)",
    ),
  };
}

export function sources(ctx: ComposeContext): Composed {
  const lines = ctx.kb.docs.map(
    (d) =>
      `- ${docName(d)}${d.docNumber ? `（${d.docNumber}）` : ""} — ${t(ctx, `${d.measures.length}项措施`, `${d.measures.length} measures`)} — \`${d.source}\``,
  );
  return {
    found: true,
    answer: [
      t(ctx, `已收录${lines.length}份文件：`, `${lines.length} documents are indexed:`),
      ...lines,
      ...notIndexed(ctx),
    ].join("\n"),
  };
}

/** Why a file was skipped, in Chinese (the English sentence is the problem's own message). */
const PROBLEM_ZH: Record<SourceProblemCode, string> = {
  "too-large": "文件过大",
  empty: "文件中没有文字",
  binary: "文件不是文本（可能是图片或压缩包）",
  "no-text-layer": "PDF没有文字层（可能是扫描件），请先做文字识别（OCR）或提供文字版",
  encrypted: "PDF设有密码，请另存一份无密码的副本",
  corrupt: "文件已损坏或格式不符，无法读取",
  unreadable: "文件无法读取",
  link: "是符号链接（快捷方式），不予读取；请把文件本身放入文件夹",
  "over-budget": "文件解析所需的内存或时间超出上限（可能是压缩炸弹或已损坏），已跳过",
};

/** The files of the sources folder that are not indexed, with the reason. */
function notIndexed(ctx: ComposeContext): string[] {
  const problems: readonly SourceProblem[] = ctx.kb.problems;
  if (problems.length === 0) return [];
  return [
    "",
    t(
      ctx,
      `未能收录${problems.length}份文件：`,
      `${problems.length} file${problems.length === 1 ? "" : "s"} could not be indexed:`,
    ),
    ...problems.map(
      (p) => `- \`${p.source}\` — ${t(ctx, PROBLEM_ZH[p.code], p.message.replace(/^skipped: /, ""))}`,
    ),
  ];
}

function indexed(ctx: ComposeContext): string {
  return ctx.kb.docs.map((d) => docName(d)).join(t(ctx, "、", ", "));
}

/**
 * A document the question names that is not held: refused, never answered from another one. The
 * closest held titles are offered (all of them when the collection is small).
 */
export function unknownDoc(ctx: ComposeContext, name: string): Composed {
  const { docs } = ctx.kb;
  const near = closestDocs(name, docs);
  const offered = docs.length <= SMALL_COLLECTION ? docs : near;
  const list = offered.map((d) => docName(d)).join(t(ctx, "、", ", "));
  const label =
    offered === near ? t(ctx, "最接近的文件", "Closest indexed documents") : t(ctx, "现有文件", "Indexed");
  const tail = list
    ? t(ctx, `${label}：${list}。`, `${label}: ${list}.`)
    : t(ctx, "发送 `/policy sources` 查看全部文件。", "Send `/policy sources` for the full list.");
  return {
    found: false,
    answer: t(
      ctx,
      `文件库中没有关于“${name}”的文件，无法回答，也不会用其他文件代替回答。${tail}`,
      `There is no document about “${name}” among the indexed documents, so I cannot answer (and will not answer from another document). ${tail}`,
    ),
  };
}

/** Up to this many documents, a refusal lists them all. */
const SMALL_COLLECTION = 6;

export function clarifyLead(ctx: ComposeContext): Composed {
  return {
    found: false,
    answer: t(
      ctx,
      "请说明是哪个单位或哪位同志，例如：“花梅同志牵头负责哪些工作？”",
      "Which unit or person do you mean? For example: “Which measures does 规划科技处 lead?”",
    ),
  };
}

export function clarifyDocument(ctx: ComposeContext): Composed {
  return {
    found: false,
    answer: t(
      ctx,
      `请说明是哪份文件。现有文件：${indexed(ctx)}。`,
      `Which document do you mean? Indexed: ${indexed(ctx)}.`,
    ),
  };
}

export function noSuchMeasure(
  ctx: ComposeContext,
  scope: PolicyDoc[],
  numbers: number[],
  named: boolean,
): Composed {
  const n = numbers.join("、");
  if (named && scope.length === 1) {
    const d = scope[0]!;
    return {
      found: false,
      answer: t(
        ctx,
        `${docName(d)}共有${d.measures.length}项措施，没有第${n}项。`,
        `${docName(d)} has ${d.measures.length} measures; there is no measure ${n}.`,
      ),
    };
  }
  return {
    found: false,
    answer: t(ctx, `现有文件中没有第${n}项措施。`, `No indexed document has a measure ${n}.`),
  };
}

export function noDocuments(ctx: ComposeContext): Composed {
  return {
    found: false,
    answer: t(
      ctx,
      "文件库中还没有文件。请把 .txt、.md 或 .html 文件放入文件目录（SOURCES_DIR）后再问。",
      "No documents are indexed yet. Put .txt, .md or .html files in the sources folder (SOURCES_DIR) and ask again.",
    ),
  };
}

export function scopeSet(ctx: ComposeContext, doc: PolicyDoc): Composed {
  return {
    found: true,
    answer: t(
      ctx,
      `本频道的问题现在只在${docName(doc)}中回答。恢复全部文件：\`/policy use all\``,
      `Questions in this channel are now answered from ${docName(doc)} only. Back to all documents: \`/policy use all\``,
    ),
  };
}

export function scopeCleared(ctx: ComposeContext): Composed {
  return {
    found: true,
    answer: t(
      ctx,
      "本频道的问题恢复在全部文件中回答。",
      "Questions in this channel are answered from all documents again.",
    ),
  };
}

export function scopeNotFound(ctx: ComposeContext, arg: string, candidates: PolicyDoc[]): Composed {
  const list = (candidates.length ? candidates : ctx.kb.docs).map((d) => `- ${docName(d)} — \`${d.source}\``);
  return {
    found: false,
    answer: [
      t(
        ctx,
        `“${arg}”没有唯一对应一份文件，请用文件名或更具体的名称：`,
        `“${arg}” does not name exactly one document; use a file name or a more specific name:`,
      ),
      ...list,
    ].join("\n"),
  };
}

export function useNeedsChannel(ctx: ComposeContext): Composed {
  return {
    found: false,
    answer: t(
      ctx,
      "`/policy use` 需要在一个会话或频道中使用（请求里带上 conversation）。",
      "`/policy use` works within a conversation or channel (send a conversation id).",
    ),
  };
}

/** A writing job the bot does not do: what it can draft instead, for the document named (or any). */
export function cannotDraft(ctx: ComposeContext, docs: PolicyDoc[]): Composed {
  const doc = docs[0];
  const name = doc ? docName(doc) : t(ctx, "某份文件", "a document");
  // The document by a name only it has (浦东, not the 上海 it shares with others), else its file.
  const own = doc?.aliases.filter((a) => ctx.kb.docs.every((d) => d === doc || !d.aliases.includes(a)));
  const inLanguage = (a: string) => /[\u4e00-\u9fa5]/.test(a) === (ctx.lang === "zh");
  const ranked = own?.sort((a, b) => Number(inLanguage(b)) - Number(inLanguage(a)) || b.length - a.length);
  const arg = doc ? (ranked?.[0] ?? doc.source) : t(ctx, "<文件>", "<document>");
  return {
    found: false,
    answer: t(
      ctx,
      `我不能代写这类文稿，只能引用文件原文回答。可以为${name}生成：\n- 逐项摘要：\`/policy digest ${arg}\`\n- 责任分工表：\`/policy table ${arg}\`\n- 某单位或同志要完成的工作和时限，例如“花梅同志要完成哪些工作，什么时候完成？”\n这些可作为起草的依据。`,
      `I cannot write that for you; I answer by quoting the documents. For ${name} I can draft:\n- a digest of every measure: \`/policy digest ${arg}\`\n- a responsibility table: \`/policy table ${arg}\`\n- what a unit or person must deliver and by when, e.g. “What must 规划科技处 deliver, and by when?”\nYou can build your draft on these.`,
    ),
  };
}

/** The named documents never mention what the question is about (a place): said, not guessed. */
export function notMentioned(ctx: ComposeContext, docs: PolicyDoc[], what: string): Composed {
  const names = docs.map((d) => docName(d)).join(t(ctx, "、", ", "));
  return {
    found: false,
    answer: t(
      ctx,
      `${names}中没有提到“${what}”，无法据此回答。可以换个说法，或问它的某项措施由谁牵头、主要内容是什么。`,
      `${names} never mentions “${what}”, so it does not answer this. Try other words, or ask who leads one of its measures or what a measure says.`,
    ),
  };
}
