/**
 * The headings of every document's outline, folded and tokenized once, grouped by their folded
 * title: a question is matched against each distinct title once, however many documents (or
 * nodes) share it, instead of folding every heading of every document for every question.
 */
import { walkOutline } from "../structure/outline-path.js";
import { fold } from "../structure/text-view.js";
import type { OutlineNode, PolicyDoc } from "../types.js";

/** One place a heading stands: its document's position in the corpus and its node. */
export interface HeadingPlace {
  doc: PolicyDoc;
  node: OutlineNode;
  /** Position of the node in its document's outline, depth-first. */
  order: number;
}

export interface HeadingGroup {
  /** The folded title without a final full stop. */
  title: string;
  /** Its distinct tokens of two or more characters. */
  words: string[];
  places: HeadingPlace[];
}

/** Groups the headings of `docs` by folded title (groups in order of first appearance). */
export function buildHeadingIndex(
  docs: readonly PolicyDoc[],
  tokensOf: (title: string) => readonly string[],
): HeadingGroup[] {
  const groups = new Map<string, HeadingGroup>();
  for (const doc of docs) {
    let order = 0;
    for (const node of walkOutline(doc.outline)) {
      const title = fold(node.title).replace(/[。.]$/, "");
      let g = groups.get(title);
      if (!g) {
        g = { title, words: [...new Set(tokensOf(title))].filter((w) => w.length >= 2), places: [] };
        groups.set(title, g);
      }
      g.places.push({ doc, node, order: order++ });
    }
  }
  return [...groups.values()];
}
