/**
 * The outline tree and the document's main task sequence.
 *
 * Headings nest by marker family in order of appearance (the usual 一、 > (一) > 1. > (1), but
 * any order works). The measures are the best numbered run: consecutive numbers of one family
 * (1, 2, 3 … possibly continuing across parent headings, as Pudong's (一)…(二十五) does),
 * scored by length, by how many items name leads, and by the parent heading's words — a run
 * under "基本原则", "发展目标", "重点发展产品" or "保障措施" is not the task sequence.
 */
import type { OutlineNode } from "../types.js";
import type { Heading } from "./headings.js";

/** Words of a heading above the task sequence. */
export const TASK_WORDS = /任务|措施|举措|工作|要点|行动|重点|内容|意见|事项/;
/** Words of a heading above a list that is not the task sequence. */
export const NON_TASK_WORDS =
  /原则|目标|要求|保障|步骤|阶段|产品|经验|做法|思路|背景|现状|意义|指导思想|说明|附则|依据|形势|成效|问题|组织实施|总体/;

export interface TreeNode {
  heading: Heading;
  parent: TreeNode | null;
  children: TreeNode[];
  level: number;
}

/** Nests headings: a heading of a family already open closes everything below that family. */
export function buildTree(headings: Heading[]): TreeNode[] {
  const roots: TreeNode[] = [];
  const stack: TreeNode[] = [];
  for (const h of headings) {
    const same = stack.findIndex((n) => n.heading.style === h.style);
    if (same >= 0) stack.length = same;
    const parent = stack[stack.length - 1] ?? null;
    const node: TreeNode = { heading: h, parent, children: [], level: stack.length + 1 };
    (parent ? parent.children : roots).push(node);
    stack.push(node);
  }
  return roots;
}

/** Flattens a tree in document order. */
export function flatten(nodes: TreeNode[]): TreeNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** Consecutive runs of one marker family: 1, 2, 3 … (one missing number tolerated). */
export function findRuns(nodes: TreeNode[]): TreeNode[][] {
  const runs: TreeNode[][] = [];
  const open = new Map<string, TreeNode[]>();
  for (const n of nodes) {
    const style = n.heading.style;
    // Decimal section numbers (1.1, 3.2.1) make an outline of sections, not a task sequence.
    if (style.startsWith("decimal")) continue;
    const run = open.get(style);
    const prev = run?.[run.length - 1]?.heading.number;
    if (run && prev !== undefined && n.heading.number > prev && n.heading.number <= prev + 2) {
      run.push(n);
    } else if (n.heading.number === 1) {
      const fresh = [n];
      runs.push(fresh);
      open.set(style, fresh);
    }
  }
  return runs;
}

/** A candidate task sequence: one run, or runs that restart at 1 under consecutive sections. */
export interface Sequence {
  nodes: TreeNode[];
  /** True when numbering restarts per section: measures are then numbered by their ordinal. */
  restart: boolean;
}

/**
 * The candidate sequences: every run, plus runs of one family that restart at 1 under consecutive
 * sibling sections (一、 1. 2. 3. 二、 1. 2. …), joined into one sequence.
 */
export function findSequences(nodes: TreeNode[]): Sequence[] {
  const runs = findRuns(nodes);
  const out: Sequence[] = runs.map((r) => ({ nodes: r, restart: false }));
  let group: TreeNode[][] = [];
  const flush = () => {
    if (group.length >= 2) out.push({ nodes: group.flat(), restart: true });
    group = [];
  };
  for (const run of runs) {
    // Items under 保障措施, 基本原则 … do not continue a task sequence.
    const parent = run[0]!.parent;
    if (parent && NON_TASK_WORDS.test(parent.heading.title)) {
      flush();
      continue;
    }
    // Items numbered inside articles are an article's 项, not a sequence of their own.
    if (parent?.heading.style === "article") {
      flush();
      continue;
    }
    const prev = group[group.length - 1];
    const p1 = prev?.[0]?.parent;
    const p2 = run[0]!.parent;
    const follows =
      prev &&
      p1 &&
      p2 &&
      p1 !== p2 &&
      p1.heading.style === p2.heading.style &&
      p2.heading.number === p1.heading.number + 1 &&
      prev[0]!.heading.style === run[0]!.heading.style;
    if (!follows) flush();
    group.push(run);
  }
  flush();
  return out;
}

/** Scores a run as the task sequence; `leadCount(node)` counts the leads named in an item. */
export function scoreRun(run: TreeNode[], leadCount: (n: TreeNode) => number): number {
  const withLeads = run.filter((n) => leadCount(n) > 0).length;
  let score = run.length + 2 * withLeads;
  const parent = run[0]!.parent;
  if (parent && NON_TASK_WORDS.test(parent.heading.title)) score -= 8;
  else {
    for (let p = parent; p; p = p.parent) {
      if (TASK_WORDS.test(p.heading.title)) {
        score += 5;
        break;
      }
    }
  }
  if (run.length < 2) score -= 5;
  return score;
}

/** Converts the tree to the public outline type, with spans ending where the next sibling or ancestor starts. */
export function toOutline(nodes: TreeNode[], endOf: (n: TreeNode) => number): OutlineNode[] {
  return nodes.map((n) => ({
    style: n.heading.style,
    label: n.heading.label,
    number: n.heading.number,
    title: n.heading.title,
    titleSpan: n.heading.titleSpan,
    level: n.level,
    start: n.heading.start,
    end: endOf(n),
    children: toOutline(n.children, endOf),
  }));
}
