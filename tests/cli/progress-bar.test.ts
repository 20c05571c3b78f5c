import { describe, expect, it } from "vitest";
import { progressLine, progressReporter } from "../../src/cli/progress-bar.js";
import type { BuildProgress } from "../../src/index/progress.js";

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { out: { isTTY, write: (c: string) => chunks.push(c) }, chunks };
}

const run = (stage: BuildProgress["stage"], total: number, step: number): BuildProgress[] => {
  const out: BuildProgress[] = [];
  for (let done = 0; done <= total; done += step) out.push({ stage, done, total });
  return out;
};

describe("build progress", () => {
  it("draws a bar with the share done", () => {
    expect(progressLine({ stage: "embed", done: 50, total: 200 })).toBe(
      `embed     [${"#".repeat(8)}${"-".repeat(22)}]  25% 50/200`,
    );
    expect(progressLine({ stage: "save", done: 0, total: 0 })).toContain("100%");
  });

  it("redraws one line in place on a terminal and ends each stage with a newline", () => {
    const { out, chunks } = sink(true);
    const report = progressReporter(out);
    for (const p of run("tokenize", 4000, 1000)) report(p);
    expect(chunks).toHaveLength(5);
    expect(chunks.every((c) => c.startsWith("\r"))).toBe(true);
    expect(chunks.filter((c) => c.endsWith("\n"))).toHaveLength(1);
  });

  it("writes a few log lines otherwise: each stage's start, quarters and end", () => {
    const { out, chunks } = sink(false);
    const report = progressReporter(out);
    for (const p of [...run("tokenize", 100_000, 1000), ...run("vectors", 10, 1)]) report(p);
    const tokenize = chunks.filter((c) => c.includes("tokenize"));
    expect(tokenize.map((c) => /(\d+)%/.exec(c)![1])).toEqual(["0", "25", "50", "75", "100"]);
    expect(chunks.every((c) => c.startsWith("index: ") && c.endsWith("\n"))).toBe(true);
    expect(chunks.filter((c) => c.includes("vectors")).length).toBeLessThanOrEqual(5);
  });
});
