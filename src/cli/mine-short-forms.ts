/**
 * npm run mine:short-forms [DIR ...] — mines the short forms the documents of DIR (default
 * index-data/sources) use for their own words (危化 → 危险化学品) and writes
 * index-data/short-forms.json, which topic lists and comparisons read (src/answer/short-forms.ts).
 * Run it again over your own documents' folder to mine theirs.
 */
import { writeFileSync } from "node:fs";
import { createTokenizer } from "../index/tokenizer.js";
import { readSources } from "../ingest/read-sources.js";
import { mineShortForms } from "../structure/short-forms.js";

const dirs = process.argv.slice(2);
const texts: string[] = [];
for (const dir of dirs.length ? dirs : ["index-data/sources"]) {
  const { sources, problems } = await readSources(dir);
  for (const p of problems) process.stderr.write(`${p.source}: ${p.message}\n`);
  texts.push(...sources.map((s) => s.text));
}
const tokenizer = createTokenizer();
const pairs = mineShortForms(texts, (t) => tokenizer.tokenize(t));
const out = new URL("../../index-data/short-forms.json", import.meta.url);
writeFileSync(
  out,
  `${JSON.stringify({ about: "Short forms the documents use for their own words, mined by npm run mine:short-forms.", pairs }, null, 1)}\n`,
);
process.stdout.write(
  `wrote index-data/short-forms.json: ${pairs.length} pairs from ${texts.length} documents\n`,
);
