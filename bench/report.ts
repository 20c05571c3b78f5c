/**
 * The benchmark report (DESIGN.md, "The benchmark report"): its shape, a check of that shape,
 * and the ratios printed beside it. Sections not run (`--skip-scale`, `--skip-load`) are null.
 */
import type { LoadFigures } from "./load.js";
import type { ScaleFigures } from "./scale.js";
import type { StateFigures } from "./state-growth.js";

export interface RetrievalFigures {
  "recall@1": number;
  "recall@5": number;
  mrr: number;
  p50_ms: number;
  p95_ms: number;
  qps: number;
  /** Time to build the engine's index over the passages (policybot: structure, BM25, vectors). */
  index_ms?: number;
}

export interface AccuracyFigures {
  passed: number;
  total: number;
}

export interface Report {
  retrieval: { questions: number; engines: Record<string, RetrievalFigures> };
  answers: {
    p50_ms: number;
    p95_ms: number;
    /** Dev-set items passed by `npm run eval`'s rules, per engine. */
    accuracy: Record<string, AccuracyFigures>;
  };
  build: { documents: number; passages: number; ms: number; peak_rss_mb: number };
  scale: ScaleFigures | null;
  load: LoadFigures | null;
  /** Conversation state under growth (bench/state-growth.ts); absent or null when skipped. */
  state?: StateFigures | null;
}

/** The engines the DESIGN's report names. */
export const REQUIRED_ENGINES = ["policybot", "orama", "minisearch"] as const;

const RETRIEVAL_FIELDS = ["recall@1", "recall@5", "mrr", "p50_ms", "p95_ms", "qps"] as const;

/** The problems of a report's shape (empty when it has every field, each a finite number). */
export function reportProblems(report: unknown): string[] {
  const problems: string[] = [];
  const num = (v: unknown, path: string) => {
    if (typeof v !== "number" || !Number.isFinite(v)) problems.push(`${path} is not a number`);
  };
  const r = report as Partial<Report> | null;
  if (!r || typeof r !== "object") return ["the report is not an object"];
  num(r.retrieval?.questions, "retrieval.questions");
  for (const e of REQUIRED_ENGINES) {
    const f = r.retrieval?.engines?.[e];
    if (!f) problems.push(`retrieval.engines.${e} is missing`);
    else for (const k of RETRIEVAL_FIELDS) num(f[k], `retrieval.engines.${e}.${k}`);
  }
  num(r.answers?.p50_ms, "answers.p50_ms");
  num(r.answers?.p95_ms, "answers.p95_ms");
  for (const k of ["documents", "ms", "peak_rss_mb"] as const) num(r.build?.[k], `build.${k}`);
  if (r.scale !== null) {
    for (const k of ["documents", "build_ms", "index_mb", "peak_rss_mb", "answer_p95_ms"] as const)
      num(r.scale?.[k], `scale.${k}`);
  }
  if (r.load !== null) {
    for (const k of ["clients", "seconds", "requests", "errors", "p95_ms"] as const)
      num(r.load?.[k], `load.${k}`);
  }
  return problems;
}

/** policybot's retrieval p95 divided by each peer's (below 1: policybot is faster). */
export function p95Ratios(engines: Record<string, RetrievalFigures>): Record<string, number> {
  const ours = engines.policybot?.p95_ms;
  const out: Record<string, number> = {};
  if (ours === undefined) return out;
  for (const [name, f] of Object.entries(engines)) {
    if (name === "policybot" || !(f.p95_ms > 0)) continue;
    out[name] = Math.round((ours / f.p95_ms) * 100) / 100;
  }
  return out;
}
