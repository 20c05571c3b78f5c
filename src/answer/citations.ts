/** Citations: every quote is `sourceText.slice(start, end)`, numbered in order of first use. */
import { pageAt } from "../ingest/pdf-layout.js";
import { headingOf, sectionAt } from "../structure/outline-path.js";
import type { Citation, Measure, PolicyDoc, Span } from "../types.js";
import type { KnowledgeBase } from "./knowledge.js";

/** The heading path of a measure, e.g. "二、… > (三)… > 17.学习上海…". */
export function measureSection(m: Measure): string {
  return [...m.path, headingOf(m)].join(" > ");
}

export class Citations {
  private readonly list: Citation[] = [];

  constructor(private readonly kb: KnowledgeBase) {}

  /** Adds a citation of `span` in `doc` (deduplicated) and returns its marker number. */
  cite(doc: PolicyDoc, span: Span, measure?: Measure): number {
    const same = this.list.find(
      (c) => c.source === doc.source && c.start === span.start && c.end === span.end,
    );
    if (same) return same.id;
    const { text, pages } = this.kb.source(doc.source);
    const inMeasure = measure ?? doc.measures.find((m) => m.start <= span.start && span.end <= m.end);
    const section = inMeasure
      ? measureSection(inMeasure)
      : sectionAt(doc.outline, span.start).join(" > ") || doc.title;
    const c: Citation = {
      id: this.list.length + 1,
      source: doc.source,
      title: doc.title,
      section,
      quote: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
    };
    if (inMeasure) c.number = inMeasure.number;
    const page = pageAt(pages, span.start);
    if (page !== undefined) c.page = page;
    this.list.push(c);
    return c.id;
  }

  all(): Citation[] {
    return this.list;
  }

  /** Forgets every citation (an answer tried and set aside). */
  clear(): void {
    this.list.length = 0;
  }
}
