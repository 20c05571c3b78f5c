/**
 * Drafting intents, by rule: a digest of a whole document, a responsibility table, what one unit or
 * person must deliver (and by when), a comparison of documents on a topic. Pure.
 */

export type DraftingIntent = "digest" | "table" | "deliverables" | "compare";

/** "/policy digest 浦东", "draft a summary of the Dalian plan", "列出大连方案的全部措施", "浦东要点的摘要". */
const DIGEST =
  /^digest\b|\bdigest\b|\bdraft\s+(?:a|an|the|me|my)?\s*(?:\w+\s+)?(?:summary|digest|brief|briefing|overview|note|report)\b|摘要|汇总|简报|全部措施|所有措施|全部任务|所有任务|全部要点|所有要点|各项措施|逐项|每一项|every (measure|item|task|point)|all (of )?(the )?(measures|items|tasks|points)|\bbrief(ing)?\b/i;

/** "/policy table dalian", "列出浦东各同志牵头的工作", "make a table of who leads what". */
const TABLE =
  /^table\b|\btable\b|\bmatrix\b|表格|分工表|责任表|责任分工|任务分工|分工情况|各(位)?(同志|单位|部门|处室|科室|领导|责任单位|责任人)|谁(牵头|负责)(什么|哪些)|who (leads|is responsible for|handles|does|owns) what|responsibilit(y|ies) (table|matrix|list)/i;

/** "what must 规划科技处 deliver, and by when", "规划科技处要完成哪些工作，什么时候完成". */
const DELIVER =
  /deliver|\bby when\b|\bdue\b|deadlines?|要完成|需要完成|应当完成|应完成|完成哪些|交付|什么时候完成|何时完成|完成时限|时限/i;

/** "浦东和大连在执法检查上的措施有什么不同?", "compare Pudong and Dalian on enforcement inspections". */
const COMPARE =
  /比较|对比|相比|比对|有什么不同|有何不同|有哪些不同|不同之处|有什么区别|有何区别|区别|差异|异同|\bcompar(e|ing|ison)\b|\bdiffer(ent|ence|ences)?\b|\bversus\b|\bvs\.?\s|side by side/i;

export interface DraftingCues {
  hasMeasure: boolean;
  hasLead: boolean;
}

/** The drafting intent of a question, or null when it asks something else. */
export function draftingIntent(question: string, cues: DraftingCues): DraftingIntent | null {
  const q = question.trim().replace(/^\/policy\s*/i, "");
  if (cues.hasMeasure) return null;
  if (COMPARE.test(q) && !cues.hasLead) return "compare";
  if (cues.hasLead) return DELIVER.test(q) ? "deliverables" : TABLE.test(q) ? "deliverables" : null;
  if (TABLE.test(q)) return "table";
  if (DIGEST.test(q)) return "digest";
  return null;
}

/**
 * A writing job the bot does not do ("帮我写一份落实浦东要点的工作计划", "write a speech on …"): it is
 * told what it can draft instead, not given a sentence that happens to share its words.
 */
const UNSUPPORTED_DRAFT_ZH =
  /^(?:请|请你|麻烦你?|能否|能不能|可以|你能|你可以|我想|我要|我需要)?(?:帮我|帮忙|给我|替我|为我)?(?:写|起草|撰写|拟写|编写|草拟|生成|做|出|拟)(?:一份|一篇|一个|个|份|篇)?.{0,24}(?:工作计划|实施计划|计划书|计划|方案|报告|讲话稿|发言稿|讲话|通知|总结|文章|材料|汇报|请示|函|信|邮件|新闻稿|PPT|ppt|稿子|稿)/;
const UNSUPPORTED_DRAFT_EN =
  /^(?:please\s+)?(?:(?:can|could|would|will) you\s+)?(?:please\s+)?(?:help me\s+)?(?:write|draft|prepare|compose|create|make)\b.{0,40}\b(?:plan|report|speech|letter|e-?mail|article|notice|memo|press release|presentation|proposal|slides)\b/i;

/** A request (not a question about the text: "要求制定什么方案") to write a paper the bot does not write. */
export function asksUnsupportedDraft(question: string): boolean {
  const q = question.trim().replace(/^\/policy\s*/i, "");
  if (
    /什么|哪些|哪个|谁|吗[?？]?$|\bwhat\b|\bwhich\b|\bwho\b/i.test(
      q.replace(/^(can|could|would|will) you/i, ""),
    )
  ) {
    return false;
  }
  return UNSUPPORTED_DRAFT_ZH.test(q) || UNSUPPORTED_DRAFT_EN.test(q);
}
