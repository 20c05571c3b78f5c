import { describe, expect, it } from "vitest";
import { FoldedCorpus } from "../../src/answer/folded-corpus.js";
import type { PolicyDoc } from "../../src/types.js";

const doc = (source: string) => ({ source }) as PolicyDoc;

describe("documents containing a phrase", () => {
  const texts: Record<string, string> = {
    a: "关于印发《安全生产监督检查办法》的通知",
    b: "依据《安全生产监督检查办法》开展检查",
    c: "安全生产检查监督",
    d: "",
  };
  const docs = Object.keys(texts).map(doc);
  const corpus = FoldedCorpus.of(docs, (d) => texts[d.source]!);
  const naive = (needle: string) =>
    docs.filter((d) => texts[d.source]!.includes(needle)).map((d) => d.source);
  const found = (needle: string) => corpus.containing(needle).map((d) => d.source);

  it("finds exactly the documents whose text holds the phrase, in corpus order", () => {
    for (const needle of [
      "安全生产监督检查办法",
      "检查",
      "监督检查",
      "检查监督",
      "通知",
      "北京",
      "安全生产检查",
    ]) {
      expect(found(needle), needle).toEqual(naive(needle));
    }
  });

  it("takes every document for an empty phrase and none for unknown characters", () => {
    expect(found("")).toEqual(["a", "b", "c", "d"]);
    expect(found("\u0000")).toEqual([]);
  });

  it("holds past 32 documents (several bitset words)", () => {
    const many = Array.from({ length: 100 }, (_, i) => doc(`d${i}`));
    const text = (d: PolicyDoc) => (Number(d.source.slice(1)) % 7 === 0 ? "第七项措施" : "第一项措施");
    const c = FoldedCorpus.of(many, text);
    expect(c.containing("第七项").map((d) => d.source)).toEqual(
      many.filter((d) => Number(d.source.slice(1)) % 7 === 0).map((d) => d.source),
    );
  });
});
