/**
 * Routes a drafting intent (digest, responsibility table, deliverables, comparison) to its
 * composer, with the documents and names the question resolved to.
 */
import type { PolicyDoc } from "../../types.js";
import { compareDocs } from "../compose/compare.js";
import { type ComposeContext, type Composed, t } from "../compose/context.js";
import { composeDigest } from "../compose/digest.js";
import { listMeasuresAbout, topicWords } from "../compose/list.js";
import { clarifyDocument } from "../compose/meta.js";
import { deliverables, responsibilityTable } from "../compose/responsibility.js";
import { resolveDocs } from "../resolve.js";
import type { DraftingIntent } from "./intent.js";

export interface DraftingTurn {
  q: string;
  intent: DraftingIntent;
  docs: PolicyDoc[];
  leads: string[];
}

export interface DraftingRouted {
  /** The intent answered: the drafting intent, or "list" / "clarify" when the question asked that. */
  intent: DraftingIntent | "list" | "clarify";
  composed: Composed;
}

/** Words of a digest or table request that are not a topic ("给我做一个…的摘要", "draft a digest of"). */
const REQUEST_WORDS =
  /摘要|汇总|简报|逐项|每一项|一个|一份|给我|帮我|请|做|起草|拟|全部|所有|各项|表格|分工表|责任表|责任分工|任务分工|分工情况|各位|各|同志|单位|部门|处室|科室|领导|责任人|牵头|负责/g;

/** A question back to the asker, in their language. */
function clarify(ctx: ComposeContext, zh: string, en: string): DraftingRouted {
  return { intent: "clarify", composed: { found: false, answer: t(ctx, zh, en) } };
}

export async function composeDrafting(ctx: ComposeContext, turn: DraftingTurn): Promise<DraftingRouted> {
  const { q, intent, docs, leads } = turn;
  switch (intent) {
    case "deliverables": {
      // A document named only by weak title words does not hide the name's measures elsewhere.
      const named = docs.filter((d) => leads.some((n) => ctx.kb.mentionsOf(n).some((m) => m.doc === d)));
      return { intent, composed: deliverables(ctx, leads, named.length ? named.map((d) => d.source) : null) };
    }
    case "compare": {
      const compared = comparedDocs(ctx, q, docs);
      if (compared.length < 2) {
        return clarify(
          ctx,
          `请说明要对比的两份（或多份）文件和主题，例如：“浦东和大连在执法检查上的措施有什么不同？”${compared.length === 1 ? `（只识别出一份文件：《${compared[0]!.title}》）` : ""}`,
          `Name two (or more) documents and a topic to compare, e.g. “compare Pudong and Dalian on enforcement inspections”.${compared.length === 1 ? ` (Only one document was recognised: 《${compared[0]!.title}》.)` : ""}`,
        );
      }
      const topic = topicWords(ctx.kb, q.replace(COMPARE_STRIP, " "), compared);
      if (topic.length === 0) {
        return clarify(
          ctx,
          "请说明要对比的主题，例如：“浦东和大连在执法检查上的措施有什么不同？”",
          "Which topic should I compare? For example: “compare Pudong and Dalian on enforcement inspections”.",
        );
      }
      return { intent, composed: compareDocs(ctx, compared, topic) };
    }
    case "digest":
    case "table": {
      if (docs.length === 0) return { intent: "clarify", composed: clarifyDocument(ctx) };
      // A digest or table is of one document: several that match equally ("上海") are asked about.
      if (docs.length > 1) return { intent: "clarify", composed: whichOf(ctx, docs) };
      if (intent === "digest") {
        // "列出大连方案中涉及危险化学品的全部措施" asks for a topic, not the whole document.
        const topic = topicWords(ctx.kb, q.replace(REQUEST_WORDS, " "), docs);
        if (topic.length > 0) return { intent: "list", composed: await listMeasuresAbout(ctx, docs, topic) };
        return { intent, composed: composeDigest(ctx, docs[0]!) };
      }
      return { intent, composed: responsibilityTable(ctx, docs[0]!) };
    }
  }
}

/**
 * The documents a comparison names, in the order the question names them: the question is split at
 * its conjunctions ("浦东和大连…", "Pudong and Dalian…", "咸阳、北斗行动计划…") and each part resolved on
 * its own, so that a place in one part does not outweigh title words in another.
 */
export function comparedDocs(ctx: ComposeContext, q: string, resolved: PolicyDoc[]): PolicyDoc[] {
  const out: PolicyDoc[] = [];
  for (const part of q.split(CONJUNCTIONS)) {
    if (part.trim() === "") continue;
    for (const d of resolveDocs(part, ctx.kb).docs) if (!out.includes(d)) out.push(d);
  }
  for (const d of resolved) if (!out.includes(d)) out.push(d);
  return out;
}

const CONJUNCTIONS = /和|与|跟|同|及|以及|、|,|，|\band\b|\bvs\b\.?|\bversus\b|\bwith\b/i;

function whichOf(ctx: ComposeContext, docs: PolicyDoc[]): Composed {
  const list = docs.map((d) => `- 《${d.title}》 — \`${d.source}\``);
  return {
    found: false,
    answer: [
      t(
        ctx,
        `有${docs.length}份文件符合，请说明是哪一份：`,
        `${docs.length} documents match; which one do you mean?`,
      ),
      ...list,
    ].join("\n"),
  };
}

const COMPARE_STRIP =
  /比较|对比|相比|比对|有什么不同|有何不同|有哪些不同|不同之处|不同|有什么区别|有何区别|区别|差异|异同|各自|分别|两份|两个/g;
