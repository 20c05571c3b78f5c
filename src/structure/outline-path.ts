/** Heading paths and headings of the outline and its measures. */
import type { Measure, OutlineNode } from "../types.js";

/** The headings containing `offset`, outermost first: ["二、…", "(三)…"]. */
export function sectionAt(outline: OutlineNode[], offset: number): string[] {
  // Siblings are in document order and do not overlap: the last one starting at or before
  // `offset` is the only candidate (a binary search, so that a page of many headings stays linear).
  let lo = 0;
  let hi = outline.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (outline[mid]!.start <= offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const n = outline[at];
  if (n === undefined || offset >= n.end) return [];
  return [`${n.label}${n.title}`, ...sectionAt(n.children, offset)];
}

/** Every node of an outline, parents before their children, in document order. */
export function* walkOutline(nodes: OutlineNode[]): Generator<OutlineNode> {
  for (const n of nodes) {
    yield n;
    yield* walkOutline(n.children);
  }
}

/** A measure's label and title as one heading ("17.学习…", "(十七)加强…", "3 推进…" for a table row). */
export function headingOf(m: Pick<Measure, "label" | "title">): string {
  return `${m.label}${/\d$/.test(m.label) ? " " : ""}${m.title}`;
}
