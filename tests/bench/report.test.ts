import { describe, expect, it } from "vitest";
import { p95Ratios, type Report, reportProblems } from "../../bench/report.js";
import { reportHtml } from "../../bench/report-html.js";

const figures = { "recall@1": 0.8, "recall@5": 0.9, mrr: 0.85, p50_ms: 0.2, p95_ms: 0.4, qps: 3000 };

function sample(): Report {
  return {
    retrieval: {
      questions: 97,
      engines: {
        policybot: figures,
        orama: { ...figures, p95_ms: 0.8 },
        minisearch: { ...figures, p95_ms: 0.2 },
      },
    },
    answers: { p50_ms: 0.5, p95_ms: 3, accuracy: { policybot: { passed: 20, total: 20 } } },
    build: { documents: 5, passages: 220, ms: 1200, peak_rss_mb: 210 },
    scale: {
      documents: 10005,
      passages: 300000,
      build_ms: 200000,
      build_cpu_s: 190,
      index_mb: 600,
      peak_rss_mb: 1800,
      answers: 200,
      answer_p50_ms: 10,
      answer_p95_ms: 30,
    },
    load: { clients: 50, seconds: 30, requests: 30000, errors: 0, rps: 1000, p50_ms: 40, p95_ms: 80 },
  };
}

describe("the benchmark report", () => {
  it("has the shape DESIGN.md gives", () => {
    expect(reportProblems(sample())).toEqual([]);
    expect(reportProblems(JSON.parse(JSON.stringify(sample())))).toEqual([]);
  });

  it("names what is missing or not a number", () => {
    const r = sample() as unknown as {
      retrieval: { engines: Record<string, unknown> };
      load: { errors: unknown };
    };
    delete r.retrieval.engines.orama;
    r.load.errors = Number.NaN;
    expect(reportProblems(r)).toEqual(["retrieval.engines.orama is missing", "load.errors is not a number"]);
    expect(reportProblems(null)).toEqual(["the report is not an object"]);
  });

  it("allows sections that were skipped", () => {
    expect(reportProblems({ ...sample(), scale: null, load: null })).toEqual([]);
  });

  it("divides policybot's p95 by each peer's", () => {
    expect(p95Ratios(sample().retrieval.engines)).toEqual({ orama: 0.5, minisearch: 2 });
  });

  it("renders a page that needs nothing from outside and escapes every text", () => {
    const r = sample();
    r.retrieval.engines["<script>alert(1)</script>"] = figures;
    const html = reportHtml(r, { when: "now", node: "v22", aims: { scale: "aims & more" } });
    expect(html).toContain("<svg");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&#60;script&#62;");
    expect(html).not.toMatch(/src=["']?https?:|href=["']?https?:/);
    expect(html).toContain("aims &#38; more");
    // Every table row has as many cells as its header.
    for (const t of html.match(/<table>.*?<\/table>/gs) ?? []) {
      const rows = t.match(/<tr>.*?<\/tr>/gs)!;
      const cells = rows.map((r) => (r.match(/<t[hd]>/g) ?? []).length);
      expect(new Set(cells).size, t).toBe(1);
    }
  });
});
