/**
 * The benchmark report as one self-contained HTML page: tables and bar charts drawn as inline
 * SVG (no script, no CDN). Every text is escaped.
 */
import { p95Ratios, type Report } from "./report.js";

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const COLORS = ["#2e86c1", "#e67e22", "#27ae60", "#8e44ad", "#7f8c8d"];

/** A horizontal bar chart; `limit` draws a dashed line (an aim) and bars past it in red. */
export function barChart(
  title: string,
  bars: { label: string; value: number }[],
  unit: string,
  opts: { max?: number; limit?: number } = {},
): string {
  const labelW = 190;
  const barW = 360;
  const rowH = 26;
  const top = 28;
  const max = Math.max(opts.max ?? 0, opts.limit ?? 0, ...bars.map((b) => b.value), 1e-9);
  const h = top + bars.length * rowH + 10;
  const w = labelW + barW + 120;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const len = Math.max(1, (b.value / max) * barW);
      const over = opts.limit !== undefined && b.value > opts.limit;
      const color = over ? "#c0392b" : COLORS[i % COLORS.length];
      return (
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${len.toFixed(1)}" height="17" fill="${color}"/>` +
        `<text x="${(labelW + len + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(`${b.value}${unit}`)}</text>`
      );
    })
    .join("");
  let limit = "";
  if (opts.limit !== undefined) {
    const x = (labelW + (opts.limit / max) * barW).toFixed(1);
    limit =
      `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${h - 6}" stroke="#555" stroke-dasharray="4 3"/>` +
      `<text x="${x}" y="${top - 8}" text-anchor="middle" font-size="11">aim ${escapeHtml(`${opts.limit}${unit}`)}</text>`;
  }
  return (
    `<figure><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">` +
    `${rows}${limit}</svg></figure>`
  );
}

function table(head: string[], rows: (string | number)[][]): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const trs = rows
    .map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join("")}</tr>`)
    .join("");
  return `<table><tr>${th}</tr>${trs}</table>`;
}

export function reportHtml(report: Report, notes: { when: string; node: string; aims: AimsText }): string {
  const engines = Object.entries(report.retrieval.engines);
  const ratios = p95Ratios(report.retrieval.engines);
  const acc = Object.entries(report.answers.accuracy);
  const s = report.scale;
  const l = report.load;
  const sections: string[] = [];
  sections.push(
    `<h2>Retrieval — ${report.retrieval.questions} labelled questions, same passages, same jieba tokenizer</h2>`,
  );
  sections.push(
    table(
      [
        "engine",
        "recall@1",
        "recall@5",
        "MRR",
        "p50 ms",
        "p95 ms",
        "queries/s",
        "index ms",
        "policybot p95 ÷ this p95",
      ],
      engines.map(([name, f]) => [
        name,
        f["recall@1"],
        f["recall@5"],
        f.mrr,
        f.p50_ms,
        f.p95_ms,
        f.qps,
        f.index_ms ?? "—",
        ratios[name] ?? "—",
      ]),
    ),
  );
  for (const metric of ["recall@1", "recall@5", "mrr"] as const) {
    sections.push(
      barChart(
        metric === "mrr" ? "MRR" : metric,
        engines.map(([label, f]) => ({ label, value: f[metric] })),
        "",
        { max: 1 },
      ),
    );
  }
  sections.push(
    barChart(
      "Search latency p95",
      engines.map(([label, f]) => ({ label, value: f.p95_ms })),
      " ms",
    ),
  );
  sections.push(`<h2>Answers — the dev set, scored by the npm run eval rules</h2>`);
  sections.push(
    table(
      ["engine", "passed", "of"],
      acc.map(([name, a]) => [name, a.passed, a.total]),
    ),
  );
  sections.push(
    barChart(
      "Dev items passed",
      acc.map(([label, a]) => ({ label, value: a.passed })),
      "",
      { max: Math.max(1, ...acc.map(([, a]) => a.total)) },
    ),
  );
  sections.push(
    barChart(
      "Answer latency (policybot)",
      [
        { label: "p50", value: report.answers.p50_ms },
        { label: "p95", value: report.answers.p95_ms },
      ],
      " ms",
      { limit: 20 },
    ),
  );
  sections.push(`<h2>Build — the corpus</h2>`);
  sections.push(
    table(
      ["documents", "passages", "forced full build (ms)", "peak RSS (MB)"],
      [[report.build.documents, report.build.passages, report.build.ms, report.build.peak_rss_mb]],
    ),
  );
  sections.push(`<h2>Scale</h2>`);
  if (s) {
    sections.push(
      table(
        [
          "documents",
          "passages",
          "build (s)",
          "build CPU (s)",
          "index on disk (MB)",
          "peak RSS (MB)",
          "answer p50 ms",
          "answer p95 ms",
        ],
        [
          [
            s.documents,
            s.passages,
            Math.round(s.build_ms / 100) / 10,
            s.build_cpu_s,
            s.index_mb,
            s.peak_rss_mb,
            s.answer_p50_ms,
            s.answer_p95_ms,
          ],
        ],
      ),
    );
    sections.push(`<p class="note">${escapeHtml(notes.aims.scale)}</p>`);
    sections.push(
      barChart(
        "Build time",
        [{ label: `${s.documents} documents`, value: Math.round(s.build_ms / 1000) }],
        " s",
        {
          limit: 300,
        },
      ),
    );
    sections.push(
      barChart("Peak memory", [{ label: `${s.documents} documents`, value: s.peak_rss_mb }], " MB", {
        limit: 2048,
      }),
    );
    sections.push(
      barChart("Answer p95", [{ label: `${s.documents} documents`, value: s.answer_p95_ms }], " ms", {
        limit: 50,
      }),
    );
  } else {
    sections.push(`<p class="note">not run (--skip-scale)</p>`);
  }
  sections.push(`<h2>Service load — POST /api/ask</h2>`);
  if (l) {
    sections.push(
      table(
        ["clients", "seconds", "requests", "requests/s", "errors", "p50 ms", "p95 ms"],
        [[l.clients, l.seconds, l.requests, l.rps, l.errors, l.p50_ms, l.p95_ms]],
      ),
    );
    sections.push(
      barChart(
        "Latency under load",
        [
          { label: "p50", value: l.p50_ms },
          { label: "p95", value: l.p95_ms },
        ],
        " ms",
      ),
    );
  } else {
    sections.push(`<p class="note">not run (--skip-load)</p>`);
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>policybot benchmark</title>
<style>
body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:3px 10px;text-align:left}
th{background:#f4f4f4;font-weight:normal}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:4px}
.note{color:#666;font-size:.9em}
</style></head><body>
<h1>policybot benchmark</h1>
<p class="note">${escapeHtml(notes.when)} — Node ${escapeHtml(notes.node)}</p>
${sections.join("\n")}
</body></html>
`;
}

export interface AimsText {
  scale: string;
}
