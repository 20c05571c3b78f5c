/** SourceText → PolicyDoc: metadata, outline and measures with leads and deadlines. */
import type { Measure, PolicyDoc, SourceText } from "../types.js";
import { aliasesOf } from "./aliases.js";
import { findDates, isDateLine } from "./dates.js";
import { findDeadlines } from "./deadlines.js";
import { findNumberedHeadings, findPlainHeadings, type Heading } from "./headings.js";
import { findHtmlTaskTables } from "./html-tables.js";
import { findLeads } from "./leads.js";
import { buildTree, findSequences, flatten, scoreRun, type TreeNode, toOutline } from "./measures.js";
import {
  findDocNumber,
  findIssuer,
  findResponsibilityNote,
  findTitle,
  isOrgLine,
  type TextLine,
  textLines,
} from "./metadata.js";
import { findOrderHeading } from "./orders.js";
import { sectionAt } from "./outline-path.js";
import { findTaskTables } from "./tables.js";
import { CleanView, maskNoise } from "./text-view.js";
import { chooseTitle } from "./title.js";

/** Lines that close the body of a document: signatures, attachments, 抄送, entry-into-force. */
const CLOSING =
  /^(附件\d*[:]|附件\d*$|抄送|主送|信息公开选项|公开属性|主题词|本(方案|措施|意见|办法|通知|计划|规定|细则|要点)[^。]{0,40}(施行|有效期|纳入|解释|起执行))/;

/** Offset where the body ends: the first closing line after the last heading. */
function bodyEnd(lines: TextLine[], lastHeadingStart: number, textLength: number): number {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.start <= lastHeadingStart) continue;
    const next = lines[i + 1];
    const signature = isOrgLine(l.clean) && next && /^(19|20)\d{2}年\d{1,2}月\d{1,2}日/.test(next.clean);
    if (CLOSING.test(l.clean) || signature || /^(19|20)\d{2}年\d{1,2}月\d{1,2}日印发$/.test(l.clean)) {
      return l.view.span(0, 1).start;
    }
  }
  return textLength;
}

/** Where the attachments begin: a line "附件2" (or "附件1：…") below the date that closes the text. */
function attachmentStart(lines: TextLine[]): number {
  let dated = false;
  for (const l of lines) {
    if (isDateLine(l.clean)) dated = true;
    else if (dated && /^附件[\d一二三四五六七八九十]*([:]|$)/.test(l.clean)) return l.start;
  }
  return Number.POSITIVE_INFINITY;
}

/** End of a node: the start of the next heading that is not inside it, or the body end. */
function makeEndOf(all: TreeNode[], end: number, masked: string): (n: TreeNode) => number {
  const order = new Map(all.map((n, i) => [n, i]));
  return (n) => {
    let stop = end;
    for (let i = order.get(n)! + 1; i < all.length; i++) {
      let inside = false;
      for (let p = all[i]!.parent; p; p = p.parent) if (p === n) inside = true;
      if (!inside) {
        stop = Math.min(stop, all[i]!.heading.start);
        break;
      }
    }
    while (stop > n.heading.start && /\s/.test(masked[stop - 1]!)) stop--;
    return stop;
  };
}

/** Extracts the structure of one source text. */
export function structureDocument(src: SourceText): PolicyDoc {
  const masked = maskNoise(src.text, src.noise);
  const lines = textLines(masked);
  const numbered = findNumberedHeadings(masked);
  const firstHeadingLine = numbered[0]?.line ?? Number.POSITIVE_INFINITY;

  const leadCache = new Map<TreeNode, number>();
  let tree = buildTree(numbered);
  let all = flatten(tree);
  const lastStart = numbered[numbered.length - 1]?.start ?? 0;
  let end = bodyEnd(lines, lastStart, src.text.length);
  let endOf = makeEndOf(all, end, masked);
  const leadCount = (n: TreeNode) => {
    if (!leadCache.has(n)) {
      leadCache.set(n, findLeads(CleanView.of(masked, n.heading.start, endOf(n)), masked).length);
    }
    return leadCache.get(n)!;
  };
  // How much of the body a sequence spans: the task sequence runs through the document, a list
  // under one part (注意事项's (一)–(四)) does not.
  const bodyStart = numbered[0]?.start ?? 0;
  const coverage = (nodes: TreeNode[]) =>
    (endOf(nodes[nodes.length - 1]!) - nodes[0]!.heading.start) / Math.max(1, end - bodyStart);
  // Attachments after the signature ("附件2" then a list 一、…五十七、) are not the document's items.
  const attachAt = attachmentStart(lines);
  const candidates = findSequences(all)
    .map((seq) => ({
      seq,
      score:
        scoreRun(seq.nodes, leadCount) +
        8 * coverage(seq.nodes) -
        // (its length does not count; its leads still do: a task division may be an attachment)
        (seq.nodes[0]!.heading.start >= attachAt ? seq.nodes.length + 20 : 0),
    }))
    .sort((a, b) => b.score - a.score);
  const top = candidates[0];
  let best: TreeNode[] | null = top && top.seq.nodes.length >= 2 ? top.seq.nodes : null;
  let restart = top?.seq.restart ?? false;

  let titleLine = Number.isFinite(firstHeadingLine) ? firstHeadingLine : 0;
  // A decimal outline (1 / 1.1 / 3.2.1: emergency plans, standards) is sections, not measures.
  const decimal = numbered.filter((h) => /^decimal[2-4]$/.test(h.style)).length >= 4;
  if (decimal) best = null;
  if (!decimal && (!best || best.length < 3)) {
    // No numbered task sequence: try unnumbered headings ("加强危险化学品综合管控").
    const titleStart = findTitle(lines, titleLine)?.span.start ?? -1;
    const plain = findPlainHeadings(masked, (start) => start === titleStart);
    if (plain.length >= 3) {
      tree = buildTree(plain);
      all = flatten(tree);
      end = bodyEnd(lines, plain[plain.length - 1]!.start, src.text.length);
      endOf = makeEndOf(all, end, masked);
      best = all;
      restart = false;
      titleLine = plain[0]!.line;
    }
  }

  // A task table ("| 序号 | 重点任务 | 牵头单位 | … |") wins over a weaker numbered run.
  const html = /\.html?$/i.test(src.source) ? findHtmlTaskTables(src.text, masked) : [];
  const tables = [...findTaskTables(masked), ...html]
    .map((rows) => ({ rows, score: rows.length + 2 * rows.filter((r) => r.leads.length > 0).length + 5 }))
    .sort((a, b) => b.score - a.score);
  const table = tables[0] && tables[0].score > (top?.score ?? 0) ? tables[0].rows : null;

  const fromNodes: Measure[] = (best ?? []).map((n, i) => {
    const span = { start: n.heading.start, end: endOf(n) };
    const view = CleanView.of(masked, span.start, span.end);
    const path: string[] = [];
    for (let p = n.parent; p; p = p.parent) path.unshift(p.heading.display);
    return {
      // Numbering that restarts per section is replaced by the measure's ordinal in the document.
      number: restart ? i + 1 : n.heading.number,
      label: n.heading.label,
      title: n.heading.title,
      titleSpan: n.heading.titleSpan,
      path,
      leads: findLeads(view, masked),
      deadlines: findDeadlines(view),
      ...span,
    };
  });

  const outline = toOutline(tree, endOf);
  if (table && !Number.isFinite(firstHeadingLine)) {
    // No headings: the title stands above the table's introduction.
    const firstRow = lines.findIndex((l) => l.start <= table[0]!.start && table[0]!.start < l.end + 1);
    if (findTitle(lines, lines[firstRow]?.index ?? 0)) titleLine = lines[firstRow]?.index ?? 0;
  }
  const measures: Measure[] = table
    ? table.map((row) => ({ ...row, path: sectionAt(outline, row.start) }))
    : fromNodes;

  const headerEnd = numbered[0]?.start ?? src.text.length;
  const order = findOrderHeading(lines, headerEnd, isOrgLine);
  const docNumber = findDocNumber(lines, order);
  const issuer = findIssuer(lines, src.text, order);
  const titleFound = chooseTitle(lines, titleLine, headerEnd, src.text, masked);
  const title = titleFound?.text ?? src.source.replace(/\.[^.]+$/, "");
  const note = findResponsibilityNote(lines);
  const doc: PolicyDoc = {
    source: src.source,
    title,
    titleSpan: titleFound?.span ?? null,
    issuer: issuer?.text ?? null,
    issuerSpan: issuer?.span ?? null,
    docNumber: docNumber?.text ?? null,
    docNumberSpan: docNumber?.span ?? null,
    dates: findDates(lines, src.text, headerEnd, isOrgLine, order !== null),
    aliases: [],
    outline,
    measures,
    measureStyle: table ? "table" : (best?.[0]?.heading.style ?? null),
    responsibilityNote: note ? { text: note.text, ...note.span } : null,
  };
  doc.aliases = aliasesOf(doc, masked);
  return doc;
}

export type { Heading };
