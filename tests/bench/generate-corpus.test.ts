import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  generateDocuments,
  type MeasureMaterial,
  measureMaterial,
  NUMBERING_STYLES,
  RESPONSIBILITY_STYLES,
} from "../../bench/generate-corpus.js";
import { readSources, toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import { CORPUS_DIR, MORE_SOURCES_DIR } from "../helpers/fixtures.js";

const real = [...(await readSources(CORPUS_DIR)).sources, ...(await readSources(MORE_SOURCES_DIR)).sources];
const material = measureMaterial(real.map(structureDocument), real);

describe("the scale corpus generator", () => {
  it("takes the real measures without their markers or responsibility annotations", () => {
    expect(material.length).toBeGreaterThan(100);
    const fireworks = material.find((m) => m.title.startsWith("加大烟花爆竹监管"));
    expect(fireworks).toBeDefined();
    expect(fireworks!.body).not.toMatch(/危化局综合监管室/);
    expect(material.every((m) => !/[(（](责任单位|牵头部门|牵头单位)|同志牵头负责/.test(m.body))).toBe(true);
    expect(material.every((m) => !/^[0-9一二三四五六七八九十(（]/.test(m.title))).toBe(true);
  });

  it("writes documents the real structure stage reads back: measure counts, numbers and leads", () => {
    const docs = generateDocuments(material, { count: 40, seed: 11 });
    expect(new Set(docs.map((d) => d.numbering))).toEqual(new Set(NUMBERING_STYLES));
    expect(new Set(docs.map((d) => d.responsibility))).toEqual(new Set(RESPONSIBILITY_STYLES));
    for (const g of docs) {
      const doc = structureDocument(toSourceText(g.file, Buffer.from(g.text)));
      expect(doc.title, g.file).toBe(g.title);
      expect(
        doc.measures.map((m) => m.number),
        g.file,
      ).toEqual(g.leads.map((_, i) => i + 1));
      doc.measures.forEach((m, i) => {
        expect(m.leads.map((l) => l.name).sort(), `${g.file} #${m.number}`).toEqual([...g.leads[i]!].sort());
      });
    }
  });

  it("gives the same documents for the same seed and others for another seed", () => {
    const a = generateDocuments(material, { count: 5, seed: 3 });
    const b = generateDocuments(material, { count: 5, seed: 3 });
    const c = generateDocuments(material, { count: 5, seed: 4 });
    expect(a.map((d) => d.text)).toEqual(b.map((d) => d.text));
    expect(a.map((d) => d.text)).not.toEqual(c.map((d) => d.text));
  });

  it("recombines measures from several real documents into one", () => {
    const [doc] = generateDocuments(material, { count: 1, seed: 5, minMeasures: 20, maxMeasures: 20 });
    const origin = (m: MeasureMaterial) =>
      real.find((s) => s.text.replace(/\s+/g, "").includes(m.title))?.source;
    const used = material.filter((m) => doc!.text.includes(`${m.title}。`));
    expect(new Set(used.map(origin)).size).toBeGreaterThan(2);
  });

  it("refuses to build documents from no material", () => {
    expect(() => generateDocuments([], { count: 1 })).toThrow(/no measures/);
  });
});

describe("the labelled retrieval set", () => {
  it("names real documents and measures they have", async () => {
    const { parseRetrievalSet } = await import("../../bench/retrieval-set.js");
    const set = parseRetrievalSet(
      readFileSync(new URL("../fixtures/retrieval-set.jsonl", import.meta.url), "utf8"),
    );
    expect(set.length).toBeGreaterThanOrEqual(80);
    expect(set.some((q) => q.lang === "en")).toBe(true);
    const measures = new Map(
      real.map((s) => [s.source, new Set(structureDocument(s).measures.map((m) => m.number))]),
    );
    for (const q of set)
      for (const t of q.targets) expect(measures.get(t.source)?.has(t.number), q.id).toBe(true);
  });

  it("rejects a malformed line with its number", async () => {
    const { parseRetrievalSet } = await import("../../bench/retrieval-set.js");
    expect(() =>
      parseRetrievalSet('{"id":"a","lang":"zh","q":"x","gold":[["f.txt",1]]}\n{"id":"b"}'),
    ).toThrow(/line 2/);
    expect(() => parseRetrievalSet('{"id":"a","lang":"zh","q":"x","gold":[["f.txt",0]]}')).toThrow(
      /bad gold/,
    );
  });
});
