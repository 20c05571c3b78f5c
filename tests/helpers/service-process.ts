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

/** Starts src/main.ts with `env` (PORT 0 on 127.0.0.1) and resolves with its URL once it logs "ready". */
export function startService(env: Record<string, string>): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stop = () => child.kill("SIGTERM");
  return new Promise((resolve, reject) => {
    let url = "";
    let out = "";
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`the service was not ready in 60 s:\n${out}`));
    }, 60_000);
    child.stderr!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      url ||= /"url":"(http:\/\/[^"]+)"/.exec(out)?.[1] ?? "";
      if (url && out.includes('"msg":"ready: answering questions"')) {
        clearTimeout(timer);
        resolve({ url, stop, child, output: () => out });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}:\n${out}`));
    });
  });
}
