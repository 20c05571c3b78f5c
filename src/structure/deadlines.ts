/** Deadlines written in a measure: "2018年6月前", "2018年下半年", "年内", "24小时内", "完成时限:…". */
import type { Deadline } from "../types.js";
import type { CleanView } from "./text-view.js";

const PATTERNS: RegExp[] = [
  /(?:完成时限|完成时间|时间节点|时限要求)[:]([^;。()]{2,30})/g,
  /(?:到|至|于)?\d{4}年\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前|完成)/g,
  /(?:到|至|于)?\d{4}年(?:底|末|年底|上半年|下半年)(?:前|以前|之前|完成)?/g,
  /(?:于)?\d{1,2}月\d{1,2}日(?:前|以前|之前)/g,
  /(?<![\d一二两三四五六七八九十])年内|年底前|本年度内/g,
  // A scheduled time for the work itself: "2018年开展对标调研", "拟在2018年6月组织演练".
  /(?:在|于|到|至)?\d{4}年(?:\d{1,2}月)?(?:底|末|中旬|上旬|下旬)?(?=(?:前|底前)?(?:全面)?(?:开展|启动|完成|实现|建成|建立|形成|组织|推行|出台|制定|印发|部署|召开|举办))/g,
  /\d{1,3}(?:个工作日|个小时|小时|个月|天|日|周)(?:内|以内)/g,
];

/** Finds deadlines in a CleanView, ordered by position, without overlaps. */
export function findDeadlines(view: CleanView): Deadline[] {
  const found: { from: number; to: number }[] = [];
  for (const re of PATTERNS) {
    for (const m of view.text.matchAll(re)) {
      const from = m.index;
      const to = m.index + m[0].length;
      if (found.some((f) => from < f.to && to > f.from)) continue;
      found.push({ from, to });
    }
  }
  found.sort((a, b) => a.from - b.from);
  return found.map(({ from, to }) => ({ text: view.text.slice(from, to), ...view.span(from, to) }));
}
