/**
 * PDF and Word sources end to end: corpus documents are turned into a real PDF (printed by
 * Chromium) and a real .docx (written by the docx package) at test time, indexed with a scan, a
 * damaged PDF, a damaged .docx and a password-protected PDF beside them, and must give what the
 * text versions give — the same measures, leads and deadlines — with verbatim quotes into the
 * extracted text (and pages for the PDF), while the unreadable files are reported, not indexed.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type BuiltEngine, createEngine } from "../../src/answer/engine.js";
import { formatAnswer } from "../../src/cli/format.js";
import { readCurrent, readIndexFile } from "../../src/index/store.js";
import { readSourceText, toSourceText } from "../../src/ingest/read-sources.js";
import { renderSourcePage } from "../../src/service/source-view.js";
import { structureDocument } from "../../src/structure/structure.js";
import type { PolicyDoc } from "../../src/types.js";
import { hasChromium, launchChromium } from "../helpers/browser.js";
import { drawingOnlyPdf, minimalPdf, textToDocx, textToPdf } from "../helpers/documents.js";
import { CORPUS, SHARED_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const corpusText = (file: string) => readFileSync(join(SHARED_DIR, "corpus", file), "utf8");
const textVersion = (file: string) =>
  structureDocument(toSourceText(file, Buffer.from(corpusText(file), "utf8")));

const DALIAN_PDF = CORPUS.dalian.replace(/\.txt$/, ".pdf");
const PUDONG_DOCX = CORPUS.pudong.replace(/\.txt$/, ".docx");

/** What must come out the same: each measure's number, title, leads with roles, deadlines. */
function measuresOf(doc: PolicyDoc) {
  const squash = (s: string) => s.replace(/\s+/g, "");
  return doc.measures.map((m) => ({
    number: m.number,
    title: squash(m.title),
    leads: m.leads.map((l) => `${l.name}/${l.kind}/${l.role}`),
    deadlines: m.deadlines.map((d) => squash(d.text)),
  }));
}

const newDir = tempDirs("pdfword");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe.skipIf(!hasChromium)("PDF and Word sources", () => {
  let sourcesDir = "";
  let indexDir = "";
  let engine: BuiltEngine;
  const files = new Map<string, Buffer>();

  beforeAll(async () => {
    const browser = await launchChromium();
    try {
      files.set(DALIAN_PDF, await textToPdf(browser, corpusText(CORPUS.dalian)));
      files.set("scanned-notice.pdf", await drawingOnlyPdf(browser));
    } finally {
      await browser.close();
    }
    files.set(PUDONG_DOCX, await textToDocx(corpusText(CORPUS.pudong)));
    files.set("truncated.pdf", files.get(DALIAN_PDF)!.subarray(0, 1500));
    files.set("damaged.docx", Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(300, 7)]));
    files.set("locked.pdf", minimalPdf("secret plan", { password: true }));
    sourcesDir = newDir();
    indexDir = join(newDir(), "index");
    mkdirSync(sourcesDir, { recursive: true });
    for (const [name, bytes] of files) writeFileSync(join(sourcesDir, name), bytes);
    engine = await createEngine({ sourcesDir, indexDir });
  }, 120_000);

  const doc = (source: string) => engine.built.docs.find((d) => d.source === source)!;

  it("indexes the PDF and the .docx, and reports every unreadable file with its reason", () => {
    expect(engine.built.docs.map((d) => d.source).sort()).toEqual([DALIAN_PDF, PUDONG_DOCX]);
    expect(engine.built.problems.map((p) => [p.source, p.code])).toEqual([
      ["damaged.docx", "corrupt"],
      ["locked.pdf", "encrypted"],
      ["scanned-notice.pdf", "no-text-layer"],
      ["truncated.pdf", "corrupt"],
    ]);
    const scan = engine.built.problems.find((p) => p.source === "scanned-notice.pdf")!;
    expect(scan.message).toMatch(/no text layer.*2 pages.*OCR/);
  });

  it("gives the PDF the text version's measures, leads and deadlines, and its page spans", () => {
    const text = textVersion(CORPUS.dalian);
    const pdf = doc(DALIAN_PDF);
    expect(pdf.measures.length).toBe(text.measures.length);
    expect(measuresOf(pdf)).toEqual(measuresOf(text));
    expect([pdf.title, pdf.docNumber, pdf.issuer]).toEqual([text.title, text.docNumber, text.issuer]);
    const src = engine.kb.source(DALIAN_PDF);
    expect(src.encoding).toBe("pdf");
    expect(src.pages!.length).toBeGreaterThan(1);
    // The printed page numbers ("— 2 —") are marked as noise, one per page.
    const numbers = src.noise
      .filter((n) => n.kind === "page-number")
      .map((n) => src.text.slice(n.start, n.end));
    expect(numbers).toEqual(src.pages!.map((_, i) => `— ${i + 1} —`));
  });

  it("gives the .docx the text version's measures, leads and deadlines", () => {
    const text = textVersion(CORPUS.pudong);
    const docx = doc(PUDONG_DOCX);
    expect(docx.measures.length).toBe(text.measures.length);
    expect(measuresOf(docx)).toEqual(measuresOf(text));
    expect(engine.kb.source(PUDONG_DOCX).pages).toBeUndefined();
  });

  it("answers who leads a measure of the PDF with verbatim quotes of the extracted text and their pages", async () => {
    const text = textVersion(CORPUS.dalian);
    const measure = text.measures.find((m) => m.number === 17) ?? text.measures.at(-1)!;
    const answer = await engine.ask(`大连方案第${measure.number}项措施由谁牵头？`);
    expect(answer.found).toBe(true);
    for (const lead of measure.leads) expect(answer.answer).toContain(lead.name);
    const src = engine.kb.source(DALIAN_PDF);
    const cited = answer.citations.filter((c) => c.source === DALIAN_PDF);
    expect(cited.length).toBeGreaterThan(0);
    for (const c of cited) {
      expect(c.quote).toBe(src.text.slice(c.start, c.end));
      const span = src.pages![c.page! - 1]!;
      expect(span.start <= c.start && c.start < span.end).toBe(true);
    }
    expect(formatAnswer(answer)).toContain(`${DALIAN_PDF} p. ${cited[0]!.page}`);
  });

  it("answers which measures a person leads from the .docx, quoting the extracted text", async () => {
    const text = textVersion(CORPUS.pudong);
    const person = text.measures.flatMap((m) => m.leads).find((l) => l.kind === "person")!;
    const expected = text.measures
      .filter((m) => m.leads.some((l) => l.name === person.name))
      .map((m) => m.number);
    const answer = await engine.ask(`${person.name}同志牵头负责哪些工作？`);
    expect(answer.found).toBe(true);
    const src = engine.kb.source(PUDONG_DOCX);
    const numbers = answer.citations.filter((c) => c.source === PUDONG_DOCX).map((c) => c.number);
    expect(new Set(numbers)).toEqual(new Set(expected));
    for (const c of answer.citations) {
      expect(c.quote).toBe(src.text.slice(c.start, c.end));
      expect(c.page).toBeUndefined();
    }
  });

  it("lists the files it could not index, with the reason, under /policy sources", async () => {
    const zh = await engine.ask("/policy sources");
    for (const p of engine.built.problems) expect(zh.answer).toContain(p.source);
    expect(zh.answer).toMatch(/scanned-notice\.pdf.*(OCR|no text layer)/);
    expect(zh.answer).toMatch(/locked\.pdf.*(密码|password)/);
  });

  it("shows the PDF's extracted text in the source view, the quote's page in the heading and each page break", async () => {
    const src = engine.kb.source(DALIAN_PDF);
    const answer = await engine.ask("大连方案第2项措施由谁牵头？");
    const c = answer.citations.find((x) => x.source === DALIAN_PDF)!;
    const html = renderSourcePage(DALIAN_PDF, src.text, { start: c.start, end: c.end }, "zh", src.pages);
    expect(html).toContain(`<p class="source-where">第${c.page}页</p>`);
    expect(html.match(/class="page-break"/g)).toHaveLength(src.pages!.length - 1);
    expect(html).toContain(
      `<mark id="quote">${c.quote.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</mark>`,
    );
  });

  it("keeps the manifest's hashes of the file bytes, loads the index unchanged, and structures again only a changed file", async () => {
    const manifest = readCurrent(indexDir)!.manifest;
    expect(manifest.sources[DALIAN_PDF]).toBe(sha256(files.get(DALIAN_PDF)!));
    expect(manifest.sources[PUDONG_DOCX]).toBe(sha256(files.get(PUDONG_DOCX)!));
    // The index keeps the extracted text and pages, so that a restart need not extract again…
    const saved = JSON.parse(readIndexFile(readCurrent(indexDir)!, "docs.json").toString("utf8"));
    const kept = saved.docs.find((d: { doc: PolicyDoc }) => d.doc.source === DALIAN_PDF).extracted;
    expect(kept).toEqual({
      text: engine.kb.source(DALIAN_PDF).text,
      encoding: "pdf",
      pages: engine.kb.source(DALIAN_PDF).pages,
    });
    const again = await createEngine({ sourcesDir, indexDir });
    expect(again.built.action).toBe("loaded");
    expect(again.kb.source(DALIAN_PDF)).toEqual(engine.kb.source(DALIAN_PDF));
    // …and extraction is deterministic: the same bytes extracted again give the same text and pages.
    const fresh = await readSourceText(DALIAN_PDF, files.get(DALIAN_PDF)!);
    expect(fresh).toEqual(engine.kb.source(DALIAN_PDF));

    writeFileSync(
      join(sourcesDir, PUDONG_DOCX),
      await textToDocx(`${corpusText(CORPUS.pudong)}\n附：修订稿\n`),
    );
    const changed = await createEngine({ sourcesDir, indexDir });
    expect(changed.built.action).toBe("built");
    expect(changed.built.restructured).toEqual([PUDONG_DOCX]);
    expect(changed.built.docs.find((d) => d.source === PUDONG_DOCX)!.measures).toHaveLength(
      doc(PUDONG_DOCX).measures.length,
    );
  });
});
