import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/index/bm25.js";
import { jsonArrayPieces, writeJsonPieces } from "../../src/index/json-file.js";
import { tempDir } from "../answer/engine-helpers.js";

describe("JSON files written piece by piece", () => {
  it("are byte for byte what JSON.stringify writes", () => {
    const items = [{ text: '安全生产"责任"\n', n: 1.5 }, null, [1, 2], "𠀀"];
    const path = join(tempDir("json"), "a.json");
    writeJsonPieces(path, jsonArrayPieces(items));
    expect(readFileSync(path, "utf8")).toBe(JSON.stringify(items));
    writeJsonPieces(path, jsonArrayPieces([]));
    expect(readFileSync(path, "utf8")).toBe("[]");
  });

  it("hold a BM25 index that loads back as the same index, past the chunk size", () => {
    const docs = Array.from({ length: 3000 }, (_, i) => [`词${i % 97}`, `项${i % 13}`, "安全", `编号${i}`]);
    const bm25 = Bm25Index.build(docs);
    const path = join(tempDir("json"), "bm25.json");
    writeJsonPieces(path, bm25.jsonPieces());
    const text = readFileSync(path, "utf8");
    expect(text).toBe(JSON.stringify(bm25.toJSON()));
    const loaded = Bm25Index.fromJSON(JSON.parse(text));
    expect(loaded.search(["安全", "词5"], undefined, 5)).toEqual(bm25.search(["安全", "词5"], undefined, 5));
  });
});
