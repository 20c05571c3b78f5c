/** Heading paths and headings of the outline and its measures. */
import type { Measure, OutlineNode } from "../types.js";

/** The headings containing `offset`, outermost first: ["二、…", "(三)…"]. */
export function sectionAt(outline: OutlineNode[], offset: number): string[] {
  for (const n of outline) {
    if (n.start <= offset && offset < n.end) {
      return [`${n.label}${n.title}`, ...sectionAt(n.children, offset)];
    }
  }
  return [];
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
