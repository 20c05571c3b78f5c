/** The benchmark's command-line options (see bench/bench.ts); an unknown option is refused. */
import { join, resolve } from "node:path";

export interface Options {
  dev: string;
  retrievalSet: string;
  /** The folder the retrieval run indexes; null: the corpus and the more-sources documents. */
  retrievalSources: string | null;
  scale: number | null;
  scaleHeapMb: number;
  load: { seconds: number; clients: number } | null;
  /** New conversations of the conversation-state run (bench/state-growth.ts); null: skipped. */
  stateConversations: number | null;
}

/** Options that take a value, and flags. */
const VALUE_OPTIONS = [
  "--dev",
  "--scale",
  "--scale-heap-mb",
  "--load-seconds",
  "--load-clients",
  "--retrieval-set",
  "--state-conversations",
];
const FLAG_OPTIONS = ["--skip-scale", "--skip-load", "--skip-state"];

export function parseOptions(
  argv: readonly string[],
  dirs: { root: string; sharedDir: string },
  env: NodeJS.ProcessEnv = process.env,
): Options {
  argv.forEach((a, i) => {
    if (!a.startsWith("--")) return;
    if (!VALUE_OPTIONS.includes(a) && !FLAG_OPTIONS.includes(a)) throw new Error(`unknown option ${a}`);
    if (VALUE_OPTIONS.includes(a) && (argv[i + 1] === undefined || argv[i + 1]!.startsWith("--"))) {
      throw new Error(`${a} needs a value`);
    }
  });
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const whole = (name: string, dflt: number) => {
    const raw = value(name);
    const n = raw === undefined ? dflt : Number(raw);
    if (!(Number.isInteger(n) && n >= 1)) throw new Error(`${name} must be a whole number ≥ 1, got ${raw}`);
    return n;
  };
  const positional = argv.find((a, i) => !a.startsWith("--") && (i === 0 || !argv[i - 1]!.startsWith("--")));
  return {
    dev: resolve(value("--dev") ?? positional ?? join(dirs.sharedDir, "eval", "dev.jsonl")),
    retrievalSet: resolve(
      value("--retrieval-set") ?? join(dirs.root, "tests", "fixtures", "retrieval-set.jsonl"),
    ),
    retrievalSources: value("--retrieval-set") && env.SOURCES_DIR ? resolve(env.SOURCES_DIR) : null,
    scale: argv.includes("--skip-scale") ? null : whole("--scale", 10_000),
    scaleHeapMb: whole("--scale-heap-mb", 1536),
    load: argv.includes("--skip-load")
      ? null
      : { seconds: whole("--load-seconds", 30), clients: whole("--load-clients", 50) },
    stateConversations: argv.includes("--skip-state") ? null : whole("--state-conversations", 5000),
  };
}
