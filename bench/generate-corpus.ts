/**
 * Grows a corpus for the scale benchmark: new, realistic policy documents built from the real
 * documents' measures — recombined, renumbered, under other unit and person names, in other
 * numbering styles (一、 / （一） / 1. / 1、) and other responsibility styles ((单位、单位) /
 * (X同志牵头负责) / （责任单位：…） / （牵头单位：X；配合单位：Y）). Deterministic: the same seed,
 * material and count give the same documents, byte for byte.
 *
 * `measureMaterial` takes the material from structured documents; `generateDocuments` is pure;
 * `writeCorpus` writes the documents into a folder.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toChineseNumeral } from "../src/structure/numerals.js";
import type { PolicyDoc, SourceText } from "../src/types.js";

/** One measure of a real document, without its marker and its responsibility annotation. */
export interface MeasureMaterial {
  /** The measure's heading words, e.g. "提升化工园区安全监管水平". */
  title: string;
  /** The sentences after the heading (may be empty when the heading is the whole measure). */
  body: string;
}

/** How a generated document numbers its measures. */
export type NumberingStyle = "cn-dun" | "cn-paren" | "ar-dot" | "ar-dun";

/** How a generated document names who is responsible. */
export type ResponsibilityStyle = "units" | "person" | "responsible-units" | "lead-and-support";

/** What a generated document must structure into (for tests and checks). */
export interface GeneratedDocument {
  file: string;
  text: string;
  title: string;
  numbering: NumberingStyle;
  responsibility: ResponsibilityStyle;
  /** The leads written for each measure, in order (measure i is numbered i + 1). */
  leads: string[][];
}

export interface GenerateOptions {
  /** Number of documents. */
  count: number;
  /** Seed of the choices. Default 20260101. */
  seed?: number;
  /** Fewest and most measures per document. Default 8 and 24. */
  minMeasures?: number;
  maxMeasures?: number;
}

export const NUMBERING_STYLES: readonly NumberingStyle[] = ["cn-dun", "cn-paren", "ar-dot", "ar-dun"];
export const RESPONSIBILITY_STYLES: readonly ResponsibilityStyle[] = [
  "units",
  "person",
  "responsible-units",
  "lead-and-support",
];

const PLACES = [
  "常州",
  "无锡",
  "南通",
  "徐州",
  "扬州",
  "镇江",
  "泰州",
  "盐城",
  "淮安",
  "宿迁",
  "芜湖",
  "蚌埠",
  "安庆",
  "九江",
  "赣州",
  "株洲",
  "湘潭",
  "岳阳",
  "襄阳",
  "宜昌",
  "洛阳",
  "开封",
  "新乡",
  "保定",
  "唐山",
  "邯郸",
  "威海",
  "烟台",
  "潍坊",
  "临沂",
  "淄博",
  "济宁",
  "绍兴",
  "嘉兴",
  "湖州",
  "金华",
  "台州",
  "温州",
  "泉州",
  "漳州",
  "柳州",
  "桂林",
  "绵阳",
  "德阳",
  "宜宾",
  "遵义",
  "曲靖",
  "宝鸡",
  "天水",
  "银川",
];
const COUNTIES = ["", "东", "西", "南", "北", "新", "高新", "经开", "滨海", "临港"];
const ISSUERS = [
  "应急管理局",
  "科学技术局",
  "发展和改革委员会",
  "经济和信息化局",
  "人民政府办公室",
  "市场监督管理局",
];
const ABBR: Record<string, string> = {
  应急管理局: "应急",
  科学技术局: "科",
  发展和改革委员会: "发改",
  经济和信息化局: "经信",
  人民政府办公室: "政办",
  市场监督管理局: "市监",
};
const KINDS = ["工作要点", "实施方案", "行动计划", "若干措施", "工作方案"];
const TOPICS = [
  "安全生产",
  "应急管理",
  "科技创新",
  "营商环境优化",
  "产业高质量发展",
  "安全生产专项整治",
  "数字化转型",
  "监管执法能力提升",
  "基础研究",
  "职业健康",
];
/** Internal divisions (处室) and bureaus (委办局): the units of the generated documents. */
const DIVISIONS = [
  "综合处",
  "法规处",
  "人事处",
  "规划财务处",
  "科技信息处",
  "危化监管处",
  "执法监督处",
  "应急指挥处",
  "宣传教育处",
  "职业健康处",
  "审批服务处",
  "风险监测处",
  "执法大队",
  "应急救援中心",
  "信息中心",
  "考核办",
];
const BUREAUS = [
  "发展改革委",
  "经济信息化局",
  "教育局",
  "科技局",
  "公安局",
  "民政局",
  "财政局",
  "人力资源社会保障局",
  "自然资源局",
  "生态环境局",
  "住房城乡建设局",
  "交通运输局",
  "水务局",
  "农业农村局",
  "商务局",
  "卫生健康委",
  "应急管理局",
  "市场监管局",
  "统计局",
  "数据局",
  "税务局",
  "国资委",
];
const FAMILY = [
  "王",
  "李",
  "张",
  "刘",
  "陈",
  "杨",
  "赵",
  "黄",
  "周",
  "吴",
  "徐",
  "孙",
  "马",
  "朱",
  "胡",
  "郭",
];
const GIVEN = [
  "建国",
  "晓明",
  "丽华",
  "志强",
  "海燕",
  "国庆",
  "雪梅",
  "立新",
  "文博",
  "春生",
  "秀英",
  "卫东",
  "振华",
  "玉兰",
];
const SECTIONS = [
  ["总体要求", "重点任务", "保障措施"],
  ["工作目标", "主要任务", "组织保障"],
  ["指导思想", "工作措施", "工作要求"],
];
const SECTION_INTROS = [
  "围绕年度目标，聚焦重点领域和关键环节，扎实推进以下工作。",
  "各责任单位要细化分工，明确时间节点，确保各项任务落到实处。",
  "按照统筹推进、分步实施的原则，重点抓好以下几个方面。",
];

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRACKETS = /[(（]([^()（）]*)[)）]/g;

/**
 * The measures of structured documents as material: each measure's heading and the sentences
 * after it, with responsibility annotations (brackets naming one of its leads, or a 责任单位-style
 * key) and Markdown marks removed, whitespace gone. Measures with less than 8 characters of text
 * are left out.
 */
export function measureMaterial(
  docs: readonly PolicyDoc[],
  sources: readonly SourceText[],
): MeasureMaterial[] {
  const bySource = new Map(sources.map((s) => [s.source, s]));
  const out: MeasureMaterial[] = [];
  for (const doc of docs) {
    const src = bySource.get(doc.source);
    if (!src) continue;
    for (const m of doc.measures) {
      const names = m.leads.map((l) => l.name);
      const clean = (s: string) =>
        s
          .replace(/\*\*/g, "")
          .replace(/\s+/g, "")
          .replace(BRACKETS, (all, inner: string) =>
            names.some((n) => inner.includes(n)) || /责任单位|牵头部门|牵头单位|同志/.test(inner) ? "" : all,
          );
      const title = clean(m.title).replace(/^[。；;，,：:]+|[。；;，,：:]+$/g, "");
      const after = src.text.slice(Math.max(m.titleSpan.end, m.start), m.end);
      const body = clean(after)
        .replace(/^[。；;，,：:]+/, "")
        // A trailing annotation cut short ("（责任单位：市科" at the end of the measure).
        .replace(/[(（](责任单位|牵头部门|牵头单位)[^)）]*$/, "");
      if (title.length + body.length < 8 || title.length === 0 || title.length > 60) continue;
      out.push({ title, body });
    }
  }
  return out;
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** `k` distinct items of `list` in random order (partial Fisher–Yates over a copy). */
function sample<T>(rand: () => number, list: readonly T[], k: number): T[] {
  const a = [...list];
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, n);
}

/** The marker of measure `n` (1-based) in a numbering style. */
export function markerOf(style: NumberingStyle, n: number): string {
  switch (style) {
    case "cn-dun":
      return `${toChineseNumeral(n)}、`;
    case "cn-paren":
      return `（${toChineseNumeral(n)}）`;
    case "ar-dot":
      return `${n}.`;
    case "ar-dun":
      return `${n}、`;
  }
}

/** The responsibility annotation of a measure, and the leads it names. */
function annotation(
  rand: () => number,
  style: ResponsibilityStyle,
  units: readonly string[],
  persons: readonly string[],
): { text: string; leads: string[] } {
  switch (style) {
    case "units": {
      const leads = sample(rand, units, 1 + Math.floor(rand() * 2));
      return { text: `（${leads.join("、")}）`, leads };
    }
    case "person": {
      const leads = sample(rand, persons, rand() < 0.75 ? 1 : 2);
      return { text: `（${leads.join("、")}同志牵头负责）`, leads };
    }
    case "responsible-units": {
      const leads = sample(rand, units, 1 + Math.floor(rand() * 3));
      return { text: `（责任单位：${leads.join("、")}）`, leads };
    }
    case "lead-and-support": {
      const [lead, ...support] = sample(rand, units, 2 + Math.floor(rand() * 2));
      return { text: `（牵头单位：${lead}；配合单位：${support.join("、")}）`, leads: [lead!, ...support] };
    }
  }
}

/** Generates `count` documents from the material (pure; see the module comment). */
export function generateDocuments(
  material: readonly MeasureMaterial[],
  options: GenerateOptions,
): GeneratedDocument[] {
  if (material.length === 0) throw new Error("no measures to build documents from");
  const rand = seededRandom(options.seed ?? 20260101);
  const minM = Math.max(1, options.minMeasures ?? 8);
  const maxM = Math.max(minM, options.maxMeasures ?? 24);
  const width = String(Math.max(1, options.count)).length;
  const docs: GeneratedDocument[] = [];
  for (let d = 0; d < options.count; d++) {
    const place = `${pick(rand, PLACES)}${pick(rand, COUNTIES)}`;
    const cityLevel = place.length <= 2;
    const where = cityLevel ? `${place}市` : `${place}区`;
    const issuerKind = pick(rand, ISSUERS);
    const issuer = `${where}${issuerKind}`;
    const year = 2016 + Math.floor(rand() * 10);
    const topic = pick(rand, TOPICS);
    const kind = pick(rand, KINDS);
    const title = `${where}${year}年${topic}${kind}`;
    const numbering = pick(rand, NUMBERING_STYLES);
    const responsibility = pick(rand, RESPONSIBILITY_STYLES);
    const persons = sample(
      rand,
      FAMILY.flatMap((f) => GIVEN.map((g) => f + g)),
      6,
    );
    const units =
      issuerKind === "人民政府办公室"
        ? sample(rand, BUREAUS, 8).map((b) => `${cityLevel ? "市" : "区"}${b}`)
        : sample(rand, DIVISIONS, 8);
    const count = minM + Math.floor(rand() * (maxM - minM + 1));
    const measures = sample(rand, material, count);
    // With 一、 numbering the measures stand alone; otherwise they sit under 一、 sections.
    const sections = pick(rand, SECTIONS);
    const sectioned = numbering !== "cn-dun";
    const leads: string[][] = [];
    const lines: string[] = [];
    lines.push(`关于印发《${title}》的通知`);
    lines.push(`${place}${ABBR[issuerKind]}〔${year}〕${1 + Math.floor(rand() * 98)}号`);
    lines.push("");
    lines.push("各有关单位：");
    lines.push(`  现将《${title}》印发给你们，请结合实际认真贯彻落实。`);
    lines.push("");
    lines.push(issuer);
    lines.push(`${year}年${1 + Math.floor(rand() * 12)}月${1 + Math.floor(rand() * 28)}日`);
    lines.push("");
    lines.push(title);
    lines.push("");
    lines.push(
      `  为深入贯彻落实上级部署，推动${where}${topic}工作再上新台阶，结合本地实际，制定本${kind.slice(-2)}。`,
    );
    lines.push("");
    if (sectioned)
      lines.push(`一、${sections[0]}`, `  ${pick(rand, SECTION_INTROS)}`, "", `二、${sections[1]}`);
    measures.forEach((m, i) => {
      const note = annotation(rand, responsibility, units, persons);
      leads.push(note.leads);
      const body = m.body.replace(/[。；;]?$/, "。");
      const head = `${markerOf(numbering, i + 1)}${m.title}。`;
      lines.push(`${head}${m.body ? body : ""}${note.text}`);
    });
    lines.push("");
    if (sectioned) lines.push(`三、${sections[2]}`);
    lines.push(`  ${pick(rand, SECTION_INTROS)}`);
    lines.push("");
    const file = `gen-${String(d + 1).padStart(width, "0")}-${numbering}-${responsibility}.txt`;
    docs.push({ file, text: `${lines.join("\n")}\n`, title, numbering, responsibility, leads });
  }
  return docs;
}

/** Writes generated documents into `dir` (created when missing). */
export function writeCorpus(dir: string, docs: readonly GeneratedDocument[]): void {
  mkdirSync(dir, { recursive: true });
  for (const d of docs) writeFileSync(join(dir, d.file), d.text);
}
