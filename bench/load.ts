/**
 * The service under load: `npm start`'s entry (src/main.ts) in a child process on a free port of
 * 127.0.0.1, with a temporary index and state folder and rate limiting off, then autocannon with
 * `clients` concurrent connections for `seconds` against `POST /api/ask`, cycling through the
 * questions (each request its own conversation). Latencies are collected per response.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { percentile, round } from "./metrics.js";

export interface LoadFigures {
  clients: number;
  seconds: number;
  requests: number;
  /** Connection errors, timeouts and responses other than 200. */
  errors: number;
  rps: number;
  p50_ms: number;
  p95_ms: number;
}

export interface LoadOptions {
  root: string;
  sourcesDir: string;
  questions: readonly string[];
  clients: number;
  seconds: number;
  log: (message: string) => void;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service was not ready in ${timeoutMs / 1000} s`);
}

/** Starts the service, runs the load, stops the service; the figures of the run. */
export async function runLoad(opts: LoadOptions): Promise<LoadFigures> {
  const work = mkdtempSync(join(tmpdir(), "policybot-load-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Only what the service needs: no channel keys from the caller's environment.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? work,
    HOST: "127.0.0.1",
    PORT: String(port),
    SOURCES_DIR: opts.sourcesDir,
    INDEX_DIR: join(work, "index"),
    STATE_DIR: join(work, "state"),
    RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "warn",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: opts.root,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  try {
    await waitReady(url, child, 120_000);
    opts.log(`load: service ready at ${url}; ${opts.clients} clients for ${opts.seconds} s`);
    let next = 0;
    const latencies: number[] = [];
    let non200 = 0;
    const instance = autocannon({
      url: `${url}/api/ask`,
      connections: opts.clients,
      duration: opts.seconds,
      requests: [
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          setupRequest: (req) => {
            const i = next++;
            const question = opts.questions[i % opts.questions.length]!;
            return { ...req, body: JSON.stringify({ question, conversation: `load-${i}` }) };
          },
        },
      ],
    });
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode !== 200) non200++;
    });
    const result = await instance;
    const errors = result.errors + result.timeouts + non200;
    return {
      clients: opts.clients,
      seconds: opts.seconds,
      requests: result.requests.total,
      errors,
      rps: round(result.requests.average, 1),
      p50_ms: round(percentile(latencies, 50), 2),
      p95_ms: round(percentile(latencies, 95), 2),
    };
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${stderr}`);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    rmSync(work, { recursive: true, force: true });
  }
}
