/**
 * The data that flows through policybot's pipeline (see DESIGN.md):
 * SourceText → PolicyDoc → Passage/Index → Evidence → Answer.
 *
 * Every offset is in UTF-16 code units into `SourceText.text`, which is the file's text exactly
 * as decoded (for UTF-8 files: `readFileSync(path, "utf8")`, BOM included).
 */

/** A half-open range [start, end) into a source text. */
export interface Span {
  start: number;
  end: number;
}

export type NoiseKind =
  | "site-chrome" // notices, breadcrumbs, footers, ICP/备案, visit counters, 打印 links, "载入中……"
  | "scraper-header" // "**发布日期**: …" lines and the "---" rule a scraper writes above a page
  | "markup" // Markdown marks (`**`, leading `#`, list bullets) — the words they wrap are kept
  | "table-debris" // "| 306_3 | 2021 |" rows left over from a converted page
  | "download-link" // "【原文下载】" and the link lines below it
  | "page-number" // "— 3 —", "第 3 页 共 10 页" left between the pages of a PDF
  | "contents"; // a table of contents' entries: "4.1 一般规定……………… 6"

export interface NoiseSpan extends Span {
  kind: NoiseKind;
}

/** One file of the sources folder, decoded, with its page chrome marked (never removed). */
export interface SourceText {
  /** File name relative to the sources directory, e.g. "dalian-2017-benchmark-shanghai.txt". */
  source: string;
  text: string;
  /** "utf-8", "utf-8-bom" or "gb18030"; "pdf" or "docx" for text extracted from those files. */
  encoding: string;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  noise: NoiseSpan[];
  /** PDF only: each page's span of `text` (page 1 first), so that a citation can give its page. */
  pages?: Span[];
}

/** A date written in the document. */
export interface DocDate extends Span {
  text: string;
  /** YYYY-MM-DD when the year is known, else MM-DD. */
  iso: string;
  /**
   * signed: under the issuer's name; published: a page's 发布日期; printed: "…印发"; adopted (通过),
   * promulgated (公布), revised (修订 / 修正) and effective (施行) from a law's or rule's date lines
   * and its entry-into-force article; mentioned: elsewhere.
   */
  kind:
    | "signed"
    | "published"
    | "printed"
    | "adopted"
    | "promulgated"
    | "revised"
    | "effective"
    | "mentioned";
}

/** A heading of the document's outline. */
export interface OutlineNode extends Span {
  /** Marker family, e.g. "cn-dun" (一、), "cn-paren" ((一)), "ar-dot" (1.), "ar-dun" (1、),
   *  "ar-paren" ((1)), "article" (第一条), "cn-shi" (一是), "plain" (unnumbered heading). */
  style: string;
  /** The marker as written, e.g. "(十七)"; "" for plain headings. */
  label: string;
  /** Its value (十七 → 17); plain headings take their ordinal among their siblings. */
  number: number;
  /** The heading's words without the marker (may end at the first sentence end). */
  title: string;
  /** Span of the title words in the source. */
  titleSpan: Span;
  level: number;
  children: OutlineNode[];
}

export type LeadKind = "unit" | "person";

/** A unit or person responsible for a measure, with the role the text gives. */
export interface Lead extends Span {
  /** The name without stray whitespace, e.g. "市经济信息化委", "花梅". */
  name: string;
  kind: LeadKind;
  /** The role as written: "牵头", "配合", "参与", "分别牵头", "负责", "责任单位", "牵头部门", …;
   *  null when the text lists units with no role words ("(法制处、行政审批办)"). */
  role: string | null;
  /** false for supporting roles (配合, 参与, 协办); true otherwise. */
  primary: boolean;
}

export interface Deadline extends Span {
  text: string;
}

/** One item of the document's main task sequence. */
export interface Measure extends Span {
  /** 17 for "17." / "17、" / "(十七)" / "十七、"; headed but unnumbered measures take their ordinal. */
  number: number;
  /** The marker as written ("(十七)", "17.", "" for plain headings). */
  label: string;
  title: string;
  titleSpan: Span;
  /** Heading path of the measure's parents, e.g. ["二、下一步对标上海开展的工作措施", "(三)注重…"]. */
  path: string[];
  leads: Lead[];
  deadlines: Deadline[];
}

export interface PolicyDoc {
  source: string;
  /** The document's own title (a plan's name rather than the cover letter's "关于印发…的通知"). */
  title: string;
  titleSpan: Span | null;
  issuer: string | null;
  issuerSpan: Span | null;
  /** 文号, e.g. "大安监人事〔2017〕454号". */
  docNumber: string | null;
  docNumberSpan: Span | null;
  dates: DocDate[];
  /** Names by which people refer to the document: places ("大连", "Dalian"), years, title words. */
  aliases: string[];
  outline: OutlineNode[];
  measures: Measure[];
  /** Style of the marker that numbers the measures ("ar-dot", "cn-paren", …, "plain"). */
  measureStyle: string | null;
  /** Where the document says responsibilities are set out, e.g. "附件：市级推进…重点任务分工方案". */
  responsibilityNote: (Span & { text: string }) | null;
}

/** A unit of retrieval: a measure (or part of a long one), or a paragraph outside the measures. */
export interface Passage extends Span {
  id: number;
  source: string;
  /** The measure's number when the passage belongs to a measure. */
  measure: number | null;
  /** Heading path, e.g. "二、… > (三)… > 17". */
  section: string;
  /** The passage text without noise and stray whitespace — what is tokenized and embedded. */
  text: string;
}

export interface Citation {
  id: number;
  source: string;
  title: string;
  section: string;
  number?: number;
  /** PDF sources: the 1-based page the quote starts on. */
  page?: number;
  quote: string;
  start: number;
  end: number;
}

export interface Answer {
  question: string;
  language: "zh" | "en";
  intent: string;
  found: boolean;
  answer: string;
  citations: Citation[];
  /** Digests, responsibility tables and comparisons also as a table, for downloads (optional). */
  table?: AnswerTable;
}

/** An answer as a table: what `POST /api/export` renders as Markdown, CSV or Word. */
export interface AnswerTable {
  kind: "digest" | "responsibilities" | "deliverables" | "comparison";
  /** The exported file's heading: the document's title, or what the table compares. */
  title: string;
  /** Column headings, in the answer's language. */
  columns: string[];
  /** One cell per column (plain text, no Markdown) and the citation ids that back the row. */
  rows: AnswerTableRow[];
}

export interface AnswerTableRow {
  cells: string[];
  citations: number[];
}
