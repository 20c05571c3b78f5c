/**
 * Compares an extracted PolicyDoc with its gold (tests/fixtures/wild/README.md gives the format):
 * title, 文号, issuer, dates by kind, the measure sequence (count and numbers), leads (precision
 * and recall over measure × name, supporting roles kept apart) and decimal sections. Pure: no I/O.
 */
import { isPrimaryRole } from "../structure/leads.js";
import { walkOutline } from "../structure/outline-path.js";
import type { DocDate, OutlineNode, PolicyDoc } from "../types.js";

export interface GoldLead {
  name: string;
  role: string | null;
}

export interface Gold {
  source: string;
  origin?: { repo: string; path: string; commit: string };
  genre: string;
  format: string;
  place?: string;
  split: "tune" | "holdout" | "fresh";
  title: string | null;
  docNumber: string | null;
  issuer: string | string[] | null;
  dates: Partial<Record<GoldDateKind, string | string[]>>;
  measures: { unit: string; count: number; numbers: number[]; labels?: string[] };
  leads: Record<string, GoldLead[]>;
  sections?: { label: string; title: string }[];
  questions?: unknown[];
}

export type GoldDateKind = "adopted" | "promulgated" | "revised" | "signed" | "issued" | "effective";

/** Gold date kinds that a wrong extra date of the same kind fails (an 'issued' page date may repeat). */
const STRICT_KINDS: GoldDateKind[] = ["adopted", "promulgated", "effective"];

export interface FieldResult {
  field: string;
  ok: boolean;
  detail?: string;
}

export interface DocResult {
  source: string;
  split: string;
  genre: string;
  fields: FieldResult[];
  /** Leads: true positives, extracted, gold (measure × name pairs). */
  leads: { tp: number; extracted: number; gold: number };
  passed: boolean;
}

/** Folds the forms a title or number may be written in: widths, spaces, brackets, dashes, quotes. */
export function normalize(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/[〔［[【]/g, "〔")
    .replace(/[〕］\]】]/g, "〕")
    .replace(/[—–－─-]+/g, "-")
    .replace(/[“”"]/g, '"')
    .replace(/[《》]/g, "");
}

/**
 * A 文号's year brackets in any form ([2021], (2021), 〔2021〕) are one form, and an order's number
 * is the same with or without the state's name (中华人民共和国国务院令第375号 = 国务院令第375号).
 */
function normalizeDocNumber(s: string): string {
  return normalize(s)
    .replace(/[(（〔]((?:19|20)\d{2})[)）〕]/g, "〔$1〕")
    .replace(/^中华人民共和国(?=.+令)/, "");
}

/** A central body is the same with or without the state's name (中华人民共和国国务院 = 国务院). */
function normalizeIssuer(s: string): string {
  return normalize(s).replace(/^中华人民共和国(?=.{2})/, "");
}

function dateKindOf(d: DocDate): GoldDateKind | null {
  switch (d.kind) {
    case "printed":
    case "published":
      return "issued";
    case "mentioned":
      return null;
    default:
      return d.kind;
  }
}

function compareDates(gold: Gold["dates"], dates: DocDate[]): FieldResult {
  const byKind = new Map<GoldDateKind, Set<string>>();
  for (const d of dates) {
    const k = dateKindOf(d);
    if (k) byKind.set(k, (byKind.get(k) ?? new Set()).add(d.iso));
  }
  const problems: string[] = [];
  for (const [kind, value] of Object.entries(gold) as [GoldDateKind, string | string[]][]) {
    const want = Array.isArray(value) ? value : [value];
    const got = byKind.get(kind) ?? new Set();
    const missing = want.filter((w) => !got.has(w));
    if (missing.length)
      problems.push(`${kind} ${missing.join(",")} not found (got ${[...got].join(",") || "—"})`);
  }
  for (const kind of STRICT_KINDS) {
    const want = new Set([gold[kind] ?? []].flat());
    const extra = [...(byKind.get(kind) ?? [])].filter((g) => !want.has(g));
    if (extra.length) problems.push(`${kind} ${extra.join(",")} is not the document's`);
  }
  return { field: "dates", ok: problems.length === 0, detail: problems.join("; ") || undefined };
}

function compareSections(gold: NonNullable<Gold["sections"]>, outline: OutlineNode[]): FieldResult {
  const all = [...walkOutline(outline)];
  const missing = gold.filter(
    (s) =>
      !all.some(
        (n) =>
          normalize(n.label).replace(/\.$/, "") === normalize(s.label) &&
          normalize(n.title).startsWith(normalize(s.title).slice(0, 6)),
      ),
  );
  return {
    field: "sections",
    ok: missing.length === 0,
    detail: missing.length
      ? `${missing.length}/${gold.length} not found: ${missing
          .slice(0, 4)
          .map((s) => s.label)
          .join(", ")}`
      : undefined,
  };
}

function compareLeads(gold: Gold["leads"], doc: PolicyDoc) {
  const key = (n: number, name: string) => `${n}|${normalize(name)}`;
  const want = new Map<string, boolean>();
  for (const [n, leads] of Object.entries(gold))
    for (const l of leads) want.set(key(Number(n), l.name), isPrimaryRole(l.role));
  const got = new Map<string, boolean>();
  for (const m of doc.measures) for (const l of m.leads) got.set(key(m.number, l.name), l.primary);
  let tp = 0;
  const wrong: string[] = [];
  for (const [k, primary] of got) {
    if (!want.has(k)) wrong.push(`+${k}`);
    else if (want.get(k) !== primary) wrong.push(`role ${k}`);
    else tp++;
  }
  for (const k of want.keys()) if (!got.has(k)) wrong.push(`-${k}`);
  const result: FieldResult = {
    field: "leads",
    ok: wrong.length === 0,
    detail: wrong.length ? `${wrong.length} differ: ${wrong.slice(0, 5).join(" ")}` : undefined,
  };
  return { result, counts: { tp, extracted: got.size, gold: want.size } };
}

/** Scores one document against its gold. */
export function compareWithGold(gold: Gold, doc: PolicyDoc): DocResult {
  const fields: FieldResult[] = [];
  const same = (field: string, want: string | null, got: string | null, norm = normalize) => {
    const ok = want === null ? got === null : got !== null && norm(want) === norm(got);
    fields.push({ field, ok, detail: ok ? undefined : `want ${want ?? "—"}, got ${got ?? "—"}` });
  };
  same("title", gold.title, doc.title);
  same("docNumber", gold.docNumber, doc.docNumber, normalizeDocNumber);
  if (Array.isArray(gold.issuer)) {
    const ok = doc.issuer !== null && gold.issuer.every((i) => normalize(doc.issuer!).includes(normalize(i)));
    fields.push({
      field: "issuer",
      ok,
      detail: ok ? undefined : `want ${gold.issuer.join("、")}, got ${doc.issuer ?? "—"}`,
    });
  } else same("issuer", gold.issuer, doc.issuer, normalizeIssuer);
  fields.push(compareDates(gold.dates ?? {}, doc.dates));
  const numbers = doc.measures.map((m) => m.number);
  const countOk = numbers.length === gold.measures.count;
  fields.push({
    field: "measures",
    ok: countOk && numbers.join() === gold.measures.numbers.join(),
    detail:
      countOk && numbers.join() === gold.measures.numbers.join()
        ? undefined
        : `want ${gold.measures.count} (${gold.measures.unit}), got ${numbers.length}${countOk ? " with other numbers" : ""}`,
  });
  const leads = compareLeads(gold.leads ?? {}, doc);
  fields.push(leads.result);
  if (gold.sections?.length) fields.push(compareSections(gold.sections, doc.outline));
  return {
    source: gold.source,
    split: gold.split,
    genre: gold.genre,
    fields,
    leads: leads.counts,
    passed: fields.every((f) => f.ok),
  };
}

const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(1)}%`);

/** The report's lines: one per document, the fields' totals, leads P/R, per split and genre. */
export function report(results: DocResult[], verbose: boolean): string[] {
  const out: string[] = [];
  for (const r of results) {
    const bad = r.fields.filter((f) => !f.ok);
    out.push(
      `${r.passed ? "pass" : "FAIL"} ${r.source} [${r.genre}, ${r.split}]${bad.length ? ` — ${bad.map((f) => f.field).join(", ")}` : ""}`,
    );
    if (verbose) for (const f of bad) out.push(`     ${f.field}: ${f.detail ?? ""}`);
  }
  const fieldNames = [...new Set(results.flatMap((r) => r.fields.map((f) => f.field)))];
  out.push("");
  for (const name of fieldNames) {
    const scored = results.flatMap((r) => r.fields.filter((f) => f.field === name));
    out.push(`${name.padEnd(10)} ${scored.filter((f) => f.ok).length}/${scored.length}`);
  }
  const tp = results.reduce((s, r) => s + r.leads.tp, 0);
  const ex = results.reduce((s, r) => s + r.leads.extracted, 0);
  const gd = results.reduce((s, r) => s + r.leads.gold, 0);
  out.push(`leads      precision ${pct(tp, ex)} (${tp}/${ex}), recall ${pct(tp, gd)} (${tp}/${gd})`);
  for (const key of ["split", "genre"] as const) {
    const groups = [...new Set(results.map((r) => r[key]))].sort();
    out.push(
      `by ${key}: ${groups
        .map((g) => {
          const rs = results.filter((r) => r[key] === g);
          return `${g} ${rs.filter((r) => r.passed).length}/${rs.length}`;
        })
        .join(", ")}`,
    );
  }
  const passed = results.filter((r) => r.passed).length;
  out.push(`${passed} passed, ${results.length - passed} failed`);
  return out;
}
