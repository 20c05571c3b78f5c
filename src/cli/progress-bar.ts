/**
 * Shows an index build's progress: a bar redrawn in place on a terminal, a few log lines
 * otherwise (at the start of each stage, every quarter, and at its end).
 */
import type { BuildProgress, ProgressListener } from "../index/progress.js";

/** Where progress is written: a stream that may be a terminal. */
export interface ProgressOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

const BAR_WIDTH = 30;

/** One line of progress, e.g. "tokenize [#########---------------------]  30% 3000/10000". */
export function progressLine(p: BuildProgress): string {
  const ratio = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  const pct = `${Math.round(ratio * 100)}%`.padStart(4);
  return `${p.stage.padEnd(9)} [${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${pct} ${p.done}/${p.total}`;
}

/** A listener that writes progress to `out` (a bar on a TTY, log lines otherwise). */
export function progressReporter(out: ProgressOutput): ProgressListener {
  let lastQuarter = -1;
  let lastStage = "";
  return (p) => {
    const done = p.done >= p.total;
    if (out.isTTY) {
      out.write(`\r${progressLine(p)}${done ? "\n" : ""}`);
      return;
    }
    const quarter = p.total > 0 ? Math.floor((4 * p.done) / p.total) : 4;
    if (p.stage !== lastStage || quarter !== lastQuarter) {
      out.write(`index: ${progressLine(p)}\n`);
      lastStage = p.stage;
      lastQuarter = quarter;
    }
  };
}
