import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CORPUS } from "../answer/engine-helpers.js";
import { tempDirs } from "../helpers/temp.js";

const run = promisify(execFile);
const temp = tempDirs("ask-cli");

function ask(...args: string[]) {
  const env = { ...process.env, SOURCES_DIR: CORPUS, INDEX_DIR: join(temp(), "index"), OPENAI_API_KEY: "" };
  return run(process.execPath, ["--import", "tsx", "src/cli/ask.ts", ...args], { env });
}

describe("npm run ask -- --explain", () => {
  it("prints how the question is read, then the answer", async () => {
    const { stdout } = await ask("--explain", "Who handles fireworks enforcement in the Dalian plan?");
    const read = JSON.parse(stdout.slice(0, stdout.indexOf("\n}\n") + 2));
    expect(read.intent).toBe("lead_of_measure");
    expect(read.documents.map((d: { source: string }) => d.source)).toEqual([
      "dalian-2017-benchmark-shanghai.txt",
    ]);
    expect(read.documentEvidence[0].source).toBe("dalian-2017-benchmark-shanghai.txt");
    expect(read.topic).toContain("烟花爆竹");
    expect(read.language).toBe("en");
    expect(stdout).toContain("measure 16");
  }, 60_000);

  it("refuses an unknown option instead of ignoring it", async () => {
    await expect(ask("--explian", "第17项由谁牵头")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown option: --explian"),
    });
  }, 60_000);
});
