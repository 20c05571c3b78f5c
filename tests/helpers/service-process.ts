/** `npm start` as a child process (src/main.ts under tsx), for tests of the service as users run it. */
import { type ChildProcess, spawn } from "node:child_process";

export interface ServiceProcess {
  url: string;
  stop: () => void;
  /** The process, for tests of signals and exit codes. */
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output: () => string;
}

/**
 * Spawns src/main.ts with `env` (PORT 0 on 127.0.0.1, LOG_LEVEL info unless set), collecting what it
 * writes to stdout and stderr; for tests of a start that fails or never becomes ready.
 */
export function spawnService(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const collect = (d: Buffer) => {
    out += d.toString();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  return { child, output: () => out };
}

/** Starts src/main.ts with `env` (PORT 0 on 127.0.0.1) and resolves with its URL once it logs "ready". */
export function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const { child, output } = spawnService(env);
  const stop = () => child.kill("SIGTERM");
  return new Promise((resolve, reject) => {
    let url = "";
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the service was not ready in 60 s:\n${output()}`));
    }, 60_000);
    child.stdout!.on("data", () => {
      const out = output();
      url ||= /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1] ?? "";
      if (url && out.includes('"msg":"ready: answering questions"')) {
        clearTimeout(timer);
        resolve({ url, stop, child, output });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}:\n${output()}`));
    });
  });
}
