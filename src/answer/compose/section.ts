/**
 * Sections of the outline named in a question ("咸阳方案的保障措施有哪些?", "大连方案的工作要求"):
 * the section's heading and its sub-headings (or its first sentences), each cited.
 */

import { findLeads } from "../../structure/leads.js";
import { walkOutline } from "../../structure/outline-path.js";
import { CleanView, fold } from "../../structure/text-view.js";
import type { Lead, OutlineNode, PolicyDoc } from "../../types.js";
import type { HeadingPlace } from "../heading-index.js";
import type { KnowledgeBase } from "../knowledge.js";
import { docName, excerpt, leadsPhrase } from "../render.js";
import { type ComposeContext, type Composed, type Target, t } from "./context.js";

export interface SectionMatch {
  doc: PolicyDoc;
  node: OutlineNode;
}

/**
 * The outline node whose title the question quotes (the longest such title), if any; among
 * equally long titles, the first in `docs` order (then in outline order).
 */
export function findSection(
  question: string,
  docs: PolicyDoc[],
  kb: Pick<KnowledgeBase, "tokenize" | "headingIndex">,
  minLength = 4,
): SectionMatch | null {
  const q = fold(question);
  const qTokens = new Set(kb.tokenize(question));
  const position = new Map(docs.map((d, i) => [d, i]));
  let best: { place: HeadingPlace; length: number; pos: number } | null = null;
  for (const group of kb.headingIndex()) {
    const { title, words } = group;
    if (title.length < minLength || (best && title.length < best.length)) continue;
    // The title as written, or all of its words (重点发展产品 ~ "重点发展哪些产品").
    const named = q.includes(title) || (words.length >= 3 && words.every((w) => qTokens.has(w)));
    if (!named) continue;
    for (const place of group.places) {
      const pos = position.get(place.doc);
      if (pos === undefined) continue;
      const earlier = best && (pos < best.pos || (pos === best.pos && place.order < best.place.order));
      if (!best || title.length > best.length || earlier) best = { place, length: title.length, pos };
    }
  }
  if (best) return { doc: best.place.doc, node: best.place.node };
  return docs.length <= 2 ? sectionByKind(q, docs) : null;
}

/** Words that frame a question about a section rather than add to what it asks. */
const FRAMING =
  /^(内容|哪些|什么|要求|规定|主要|具体|包括|怎么|如何|有关|相关|应当|哪几|这个|这份|文件|方面|部分|一下|介绍|总结|概括|讲|说)$/;

/**
 * The question asks something within a section rather than for it: two or more of its words are
 * neither the heading's nor the documents' names ("商场、宾馆等经营场所的经营者对消费者负有什么义务"
 * names the heading 经营者的义务 but asks one duty of it). `named`: the words of the titles named.
 */
export function asksWithinSection(
  question: string,
  heading: string,
  named: string,
  tokenize: (text: string) => string[],
): boolean {
  const extra = new Set(
    tokenize(question).filter(
      (w) =>
        /^[\u4e00-\u9fa5]{2,}$/.test(w) && !heading.includes(w) && !named.includes(w) && !FRAMING.test(w),
    ),
  );
  return extra.size >= 2;
}

/** Kinds of section a question asks by another name: "发展目标" for the heading "主要目标". */
const SECTION_KIND = /(目标|原则|思路|要求|意义|范围|对象|依据|方针)/;

/** The one top-level heading of a named document of the kind the question asks for, if one. */
function sectionByKind(q: string, docs: PolicyDoc[]): SectionMatch | null {
  const kind = SECTION_KIND.exec(q)?.[1];
  if (!kind) return null;
  for (const doc of docs) {
    const nodes = [...walkOutline(doc.outline)].filter(
      (n) =>
        n.level <= 2 &&
        fold(n.title)
          .replace(/[。.]$/, "")
          .endsWith(kind),
    );
    if (nodes.length === 1) return { doc, node: nodes[0]! };
  }
  return null;
}

/** The n-th top-level part of a document's outline ("第三部分"). */
export function partOf(doc: PolicyDoc, n: number): SectionMatch | null {
  const node = doc.outline[n - 1];
  return node ? { doc, node } : null;
}

/**
 * The section numbered `label` ("3.2", "4.1.1") in the first of `docs` that has one; null when no
 * document has it, or when several do and none was named (the caller then answers otherwise).
 */
export function bySectionLabel(docs: PolicyDoc[], label: string): SectionMatch | null {
  const found: SectionMatch[] = [];
  for (const doc of docs) {
    for (const node of walkOutline(doc.outline)) {
      if (node.style.startsWith("decimal") && node.label.replace(/\.$/, "") === label) {
        found.push({ doc, node });
        break;
      }
    }
  }
  return found.length === 1 || (found.length > 1 && docs.length < 3) ? found[0]! : null;
}

/** The measure a matched node is, if it is one. */
export function asMeasure(m: SectionMatch): Target | null {
  const measure = m.doc.measures.find((x) => x.start === m.node.start);
  return measure ? { doc: m.doc, measure } : null;
}

export function summarizeSection(ctx: ComposeContext, { doc, node }: SectionMatch): Composed {
  const { kb } = ctx;
  const text = kb.source(doc.source).text;
  const head = ctx.cites.cite(doc, { start: node.start, end: node.titleSpan.end });
  const lines = [`**${docName(doc)} ${node.label}${node.title}** [${head}]`];
  if (node.children.length > 0) {
    lines.push(t(ctx, `共${node.children.length}项：`, `${node.children.length} parts:`));
    for (const c of node.children) {
      const measure = doc.measures.find((m) => m.start === c.start);
      const n = ctx.cites.cite(doc, measure ?? { start: c.start, end: c.titleSpan.end }, measure);
      const who = measure?.leads.length ? ` — ${leadsPhrase(measure.leads, ctx.lang)}` : "";
      lines.push(`- ${c.label}${c.title}${who} [${n}]`);
    }
  } else {
    const sentences = kb.sentencesIn(doc.source, { start: node.titleSpan.end, end: node.end }).slice(0, 4);
    for (const s of sentences) {
      const n = ctx.cites.cite(doc, s);
      lines.push(`- ${excerpt(text.slice(s.start, s.end), 140)} [${n}]`);
    }
    // A section outside the task sequence may still name who is responsible (保障措施 …).
    const leads = sectionLeads(kb, doc, node);
    if (leads.length) {
      const n = ctx.cites.cite(doc, node);
      lines.push(
        t(
          ctx,
          `- 责任：${leadsPhrase(leads, "zh")} [${n}]`,
          `- Responsible: ${leadsPhrase(leads, "en")} [${n}]`,
        ),
      );
    }
  }
  return { found: true, answer: lines.join("\n") };
}

/** The leads a section names, read with the same rules as a measure's. */
export function sectionLeads(kb: KnowledgeBase, doc: PolicyDoc, node: OutlineNode): Lead[] {
  const masked = kb.masked(doc.source);
  return findLeads(CleanView.of(masked, node.start, node.end), masked);
}

/** Who is responsible for a section outside the task sequence ("资金保障由哪些部门牵头?"). */
export function leadOfSection(ctx: ComposeContext, { doc, node }: SectionMatch): Composed {
  const leads = sectionLeads(ctx.kb, doc, node);
  const n = ctx.cites.cite(doc, node);
  const name = `${docName(doc)}“${node.label}${node.title}”`;
  if (leads.length === 0) {
    return {
      found: true,
      answer: t(
        ctx,
        `${name}没有写明牵头单位或责任人[${n}]。`,
        `${name} does not name a lead unit or person [${n}].`,
      ),
    };
  }
  return {
    found: true,
    answer: t(
      ctx,
      `${name}：${leadsPhrase(leads, "zh")}[${n}]。`,
      `${name} is assigned to ${leadsPhrase(leads, "en")} [${n}].`,
    ),
  };
}
