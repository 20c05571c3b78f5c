/**
 * The export renderers: Markdown (escaped table, every source quoted), CSV (BOM, RFC 4180 quoting,
 * no formulas), Word (a real table, the title as heading, a sources section) read back with mammoth.
 */
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { csvField, renderCsv } from "../../../src/answer/export/csv.js";
import { renderDocx } from "../../../src/answer/export/docx.js";
import { exportAnswer, fileSafe } from "../../../src/answer/export/file.js";
import { renderMarkdown } from "../../../src/answer/export/markdown.js";
import type { TableAnswer } from "../../../src/answer/export/shared.js";
import { attachment, encodeRfc5987 } from "../../../src/service/content-disposition.js";
import { parseCsv } from "../../helpers/csv.js";

const QUOTE = '13.突出监管重点,坚持"精准"执法。\n(邱继刚、花梅同志分别牵头负责)';

function sample(): TableAnswer {
  return {
    question: "/policy digest 浦东",
    language: "zh",
    intent: "digest",
    found: true,
    answer: "…",
    citations: [
      {
        id: 1,
        source: "a.txt",
        title: "浦东要点",
        section: "三、… > (十三)",
        number: 13,
        quote: QUOTE,
        start: 0,
        end: 40,
      },
      {
        id: 2,
        source: "a.txt",
        title: "浦东要点",
        section: "四、… > (十六)",
        number: 16,
        quote: "年内",
        start: 50,
        end: 52,
      },
    ],
    table: {
      kind: "digest",
      title: "浦东新区应急管理局2021年安全生产监督管理工作要点",
      columns: ["序号", "要点", "责任", "时限"],
      rows: [
        { cells: ["13", '突出监管重点,坚持"精准"执法', "邱继刚、花梅同志分别牵头负责", ""], citations: [1] },
        { cells: ["16", "a | b", "=HYPERLINK(1)", "年内"], citations: [2] },
      ],
    },
  };
}

describe("CSV", () => {
  it("starts with a BOM, quotes commas, quotes and line breaks, and reads back cell for cell", () => {
    const csv = renderCsv(sample());
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(["序号", "要点", "责任", "时限", "引用", "原文"]);
    expect(rows[1]).toEqual([
      "13",
      '突出监管重点,坚持"精准"执法',
      "邱继刚、花梅同志分别牵头负责",
      "",
      "[1]",
      `[1] ${QUOTE}`,
    ]);
    expect(rows[2]![2]).toBe("'=HYPERLINK(1)");
    expect(rows).toHaveLength(3);
  });

  it("quotes only what needs it", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField("-1")).toBe("'-1");
    expect(csvField(" lead")).toBe('" lead"');
  });
});

describe("Markdown", () => {
  it("has the title, an escaped table and every source quoted", () => {
    const md = renderMarkdown(sample());
    expect(md.startsWith("# 浦东新区应急管理局2021年安全生产监督管理工作要点\n")).toBe(true);
    expect(md).toContain("| 序号 | 要点 | 责任 | 时限 | 引用 |");
    expect(md).toContain("| 16 | a \\| b | =HYPERLINK(1) | 年内 | [2] |");
    expect(md).toContain("[1] 《浦东要点》 三、… > (十三)");
    expect(md).toContain("> (邱继刚、花梅同志分别牵头负责)");
  });
});

describe("Word", () => {
  it("is a .docx with the title, a real table and the sources, as mammoth reads it", async () => {
    const bytes = await renderDocx(sample());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    expect(html).toContain("<h1>浦东新区应急管理局2021年安全生产监督管理工作要点</h1>");
    expect(html.match(/<tr>/g)).toHaveLength(3);
    expect(html).toContain("<td><p>邱继刚、花梅同志分别牵头负责</p></td>");
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    expect(text).toContain("(邱继刚、花梅同志分别牵头负责)");
    expect(text).toContain("[2]");
  });
});

describe("files", () => {
  it("names the file after the title and kind, and refuses an answer without a table", async () => {
    const file = await exportAnswer(sample(), "csv");
    expect(file?.name).toBe("浦东新区应急管理局2021年安全生产监督管理工作要点-摘要.csv");
    expect(file?.asciiName).toBe("policybot-digest.csv");
    expect(file?.contentType).toBe("text/csv; charset=utf-8");
    const { table: _, ...plain } = sample();
    expect(await exportAnswer(plain, "md")).toBeNull();
    expect(fileSafe('a/b\\c:"d"\n')).toBe("a_b_c_d_");
  });

  it("writes Content-Disposition with an ASCII name and the UTF-8 name per RFC 5987", () => {
    expect(encodeRfc5987("要点 (1)'s*.csv")).toBe("%E8%A6%81%E7%82%B9%20%281%29%27s%2A.csv");
    expect(attachment("摘要.csv", "policybot-digest.csv")).toBe(
      "attachment; filename=\"policybot-digest.csv\"; filename*=UTF-8''%E6%91%98%E8%A6%81.csv",
    );
  });
});
