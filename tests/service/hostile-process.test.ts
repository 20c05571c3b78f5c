/**
 * Issue 14 as users run the service (`src/main.ts` in a child process): a dangling link and a link
 * to a secrets file in the sources folder no longer stop the start — the service is ready, serves
 * neither link — and a first build that fails leaves the process up, not ready, saying why.
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/types.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { spawnService, startService } from "../helpers/service-process.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("hostile-process");
const SECRET = "SLACK_BOT_TOKEN=xoxb-linked-secret-42";

describe("the service with a hostile sources folder", () => {
  it("starts ready with a dangling link and a link to a secret, serving and quoting neither", {
    timeout: 120_000,
  }, async () => {
    const root = temp();
    const sources = join(root, "sources");
    mkdirSync(sources);
    writeFileSync(join(root, ".env"), `${SECRET}\n`);
    copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(sources, CORPUS.pudong));
    symlinkSync(join(root, ".env"), join(sources, "secrets.txt"));
    symlinkSync(join(root, "gone.txt"), join(sources, "dangling.txt"));
    const service = await startService({
      SOURCES_DIR: sources,
      INDEX_DIR: join(root, "index"),
      STATE_DIR: join(root, "state"),
      WATCH_SOURCES: "0",
    });
    try {
      expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
      expect((await fetch(`${service.url}/sources/secrets.txt`)).status).toBe(404);
      expect((await fetch(`${service.url}/sources/dangling.txt`)).status).toBe(404);
      expect((await fetch(`${service.url}/sources/${CORPUS.pudong}`)).status).toBe(200);
      for (const question of ["SLACK_BOT_TOKEN是什么?", "/policy sources"]) {
        const res = await fetch(`${service.url}/api/ask`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question }),
        });
        const answer = (await res.json()) as Answer;
        expect(JSON.stringify(answer), question).not.toContain("xoxb");
      }
      expect(service.output()).toMatch(/"source":"secrets.txt","code":"link"/);
      expect(service.output()).not.toContain("xoxb");
    } finally {
      service.stop();
    }
  });

  it("stays up, not ready and saying why, when the first build fails", { timeout: 120_000 }, async () => {
    const root = temp();
    const notAFolder = join(root, "sources.txt");
    writeFileSync(notAFolder, "not a folder");
    const { child, output } = spawnService({
      SOURCES_DIR: notAFolder,
      INDEX_DIR: join(root, "index"),
      STATE_DIR: join(root, "state"),
      WATCH_SOURCES: "0",
    });
    try {
      const end = Date.now() + 90_000;
      while (
        !output().includes("could not build or load the index") &&
        Date.now() < end &&
        child.exitCode === null
      ) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(output()).toContain("could not build or load the index");
      await new Promise((r) => setTimeout(r, 500));
      expect(child.exitCode).toBeNull();
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output())![1]!;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.stringify(await ready.json())).toMatch(
        /could not be built \(the index worker could not build the index: .*ENOTDIR/,
      );
    } finally {
      child.kill("SIGTERM");
    }
  });
});
