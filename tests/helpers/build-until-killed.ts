/**
 * A build of the index that stops midway through writing its generation and waits to be killed:
 * `node --import tsx tests/helpers/build-until-killed.ts <sourcesDir> <indexDir>`. It prints
 * "WRITING <file>" once the generation folder holds some of its files, then blocks.
 */
import { writeSync } from "node:fs";
import { buildOrLoadIndex } from "../../src/index/build-index.js";

const [sourcesDir, indexDir] = process.argv.slice(2);
if (!sourcesDir || !indexDir) throw new Error("usage: build-until-killed.ts <sourcesDir> <indexDir>");
await buildOrLoadIndex({
  sourcesDir,
  indexDir,
  force: true,
  write: {
    beforeWrite: (file, position) => {
      if (position < 1) return;
      writeSync(1, `WRITING ${file}\n`);
      // Block right here, mid-generation, until SIGKILL arrives.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
    },
  },
});
writeSync(1, "FINISHED\n");
