/** Decoding: UTF-8 with or without a BOM, GBK/GB18030, UTF-16 with a BOM; never throws. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { decodeBytes } from "../../src/ingest/decode.js";
import { hashBytes, readSources, readSourceText, toSourceText } from "../../src/ingest/read-sources.js";
import { makeTempDir } from "../helpers/fixtures.js";

const SAMPLE = "（一）加快安全生产领域改革发展步伐。（责任单位：市应急局）\n江应急〔2024〕12号\n";

describe("decodeBytes", () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);

  it("decodes UTF-8 without a BOM", () => {
    expect(decodeBytes(Buffer.from(SAMPLE, "utf8"))).toEqual({ text: SAMPLE, encoding: "utf-8" });
  });

  it("keeps a UTF-8 BOM as U+FEFF so offsets equal readFileSync(path, 'utf8')", () => {
    const path = join(tmp.dir, "bom.txt");
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE, "utf8")]));
    const bytes = readFileSync(path);
    const decoded = decodeBytes(bytes);
    expect(decoded.encoding).toBe("utf-8-bom");
    expect(decoded.text.charCodeAt(0)).toBe(0xfeff);
    expect(decoded.text).toBe(readFileSync(path, "utf8"));
    const src = toSourceText("bom.txt", bytes);
    const at = src.text.indexOf("市应急局");
    expect(readFileSync(path, "utf8").slice(at, at + 4)).toBe("市应急局");
  });

  it("decodes GBK bytes as gb18030", () => {
    const bytes = iconv.encode(SAMPLE, "gbk");
    expect(decodeBytes(bytes)).toEqual({ text: SAMPLE, encoding: "gb18030" });
  });

  it("decodes GB18030 four-byte characters", () => {
    const s = "𠀀 and 鿿 in 江州";
    expect(decodeBytes(iconv.encode(s, "gb18030"))).toEqual({ text: s, encoding: "gb18030" });
  });

  it("decodes UTF-16 with a BOM", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SAMPLE, "utf16le")]);
    expect(decodeBytes(le)).toEqual({ text: SAMPLE, encoding: "utf-16le" });
    const be = Buffer.from(le);
    for (let i = 0; i + 1 < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1]!, be[i]!];
    expect(decodeBytes(be)).toEqual({ text: SAMPLE, encoding: "utf-16be" });
  });

  it("decodes empty input", () => {
    expect(decodeBytes(new Uint8Array())).toEqual({ text: "", encoding: "utf-8" });
  });

  it("never throws on random bytes", () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    };
    for (let round = 0; round < 300; round++) {
      const bytes = Uint8Array.from({ length: 1 + (round % 97) * 7 }, next);
      const decoded = decodeBytes(bytes);
      expect(typeof decoded.text).toBe("string");
      expect(["utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030"]).toContain(decoded.encoding);
      expect(() => toSourceText("random.txt", bytes)).not.toThrow();
    }
  });
});

describe("readSources", () => {
  const tmp = makeTempDir();
  afterAll(tmp.cleanup);

  it("reads .txt/.md/.html in name order, hashes the bytes, and reports empty files and a broken PDF", async () => {
    const gbk = iconv.encode(SAMPLE, "gbk");
    writeFileSync(join(tmp.dir, "b.txt"), gbk);
    writeFileSync(join(tmp.dir, "a.md"), SAMPLE);
    writeFileSync(join(tmp.dir, "empty.txt"), "  \n");
    writeFileSync(join(tmp.dir, "skip.pdf"), "%PDF");
    writeFileSync(join(tmp.dir, "skip.doc"), "not indexed: not a listed extension");
    const { sources, problems } = await readSources(tmp.dir);
    expect(sources.map((s) => [s.source, s.encoding])).toEqual([
      ["a.md", "utf-8"],
      ["b.txt", "gb18030"],
    ]);
    expect(sources[1]!.text).toBe(SAMPLE);
    expect(sources[1]!.hash).toBe(hashBytes(gbk));
    expect(sources[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(problems.map((p) => [p.source, p.code])).toEqual([
      ["empty.txt", "empty"],
      ["skip.pdf", "corrupt"],
    ]);
  });
});

describe("readSourceText", () => {
  it("takes a PDF's or docx's text from the cache by the hash of its bytes, without extracting again", async () => {
    const bytes = Buffer.from("not a PDF at all");
    const cached = { text: "一、总则\n", encoding: "pdf" as const, pages: [{ start: 0, end: 4 }] };
    const src = await readSourceText("plan.pdf", bytes, (hash) =>
      hash === hashBytes(bytes) ? cached : undefined,
    );
    expect(src).toMatchObject({
      source: "plan.pdf",
      text: "一、总则\n",
      encoding: "pdf",
      pages: cached.pages,
    });
    await expect(readSourceText("plan.pdf", bytes, () => undefined)).rejects.toMatchObject({
      code: "corrupt",
    });
  });
});
