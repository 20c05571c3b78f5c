/**
 * Conversation state under growth (issue 14, finding 6): the time of a question in a NEW
 * conversation — the engine's answer plus the turn stored in the file state store — before and
 * after N more new conversations, for the file store as it is (append-only log, capped) and for
 * the earlier store that rewrote the whole JSON file on every write. Aim: after ÷ before < 3.
 *
 *   tsx bench/state-growth.ts [--conversations 5000]   → the figures printed, one JSON line last
 *
 * Also run by bench.ts as its "Conversation state" section.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Storage, StoreItems } from "botbuilder";
import { type ConversationStore, StorageConversationStore } from "../src/answer/conversation.js";
import { createEngine } from "../src/answer/engine.js";
import type { AnswerEngine } from "../src/answer/engine-interface.js";
import { FileStorage } from "../src/state/file-storage.js";
import { percentile, round } from "./metrics.js";

/** The figures of one store. */
export interface StoreGrowthFigures {
  /** Median ms of a question in a new conversation on an empty store. */
  before_ms: number;
  /** The same after `conversations` more new conversations. */
  after_ms: number;
  /** after ÷ before; the aim is < 3. */
  ratio: number;
  /** Size of the state file at the end, KB. */
  file_kb: number;
}

export interface StateFigures {
  conversations: number;
  /** The file store as it is: an append-only log, capped and expiring. */
  log: StoreGrowthFigures;
  /** The earlier store, which rewrote the whole JSON file on every write (for comparison). */
  rewrite: StoreGrowthFigures;
}

/** Questions timed before and after the growth. */
const SAMPLE = 200;
const QUESTION = "浦东第十七项由谁牵头?";

/**
 * The earlier file store, kept here as the baseline: every write serialises the whole store and
 * rewrites the file (temp file + rename).
 */
class RewriteWholeStorage implements Storage {
  private readonly items: Record<string, Record<string, unknown>> = {};
  constructor(private readonly file: string) {}
  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const k of keys) if (this.items[k]) out[k] = structuredClone(this.items[k]);
    return out;
  }
  async write(changes: StoreItems): Promise<void> {
    for (const [k, v] of Object.entries(changes)) this.items[k] = structuredClone(v);
    await this.flush();
  }
  async delete(keys: string[]): Promise<void> {
    for (const k of keys) delete this.items[k];
    await this.flush();
  }
  private async flush(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, JSON.stringify(this.items));
    await rename(tmp, this.file);
  }
}

async function timeNewConversations(engine: AnswerEngine, prefix: string, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await engine.ask(QUESTION, `api:${prefix}-${i}`);
    times.push(performance.now() - t);
  }
  return percentile(times, 50);
}

/** Measures one store: SAMPLE new conversations, `conversations` more, SAMPLE new ones again. */
async function measureStore(
  makeEngine: (store: ConversationStore) => Promise<AnswerEngine>,
  storage: Storage,
  file: string,
  conversations: number,
): Promise<StoreGrowthFigures> {
  const engine = await makeEngine(new StorageConversationStore(storage));
  await timeNewConversations(engine, "warm", 20);
  const before = await timeNewConversations(engine, "before", SAMPLE);
  for (let i = 0; i < conversations; i++) await engine.ask(QUESTION, `api:growth-${i}`);
  const after = await timeNewConversations(engine, "after", SAMPLE);
  return {
    before_ms: round(before, 2),
    after_ms: round(after, 2),
    ratio: round(after / before, 2),
    file_kb: existsSync(file) ? Math.round(statSync(file).size / 1024) : 0,
  };
}

/** Both stores, each in a fresh file under `dir`. */
export async function measureStateGrowth(options: {
  makeEngine: (store: ConversationStore) => Promise<AnswerEngine>;
  dir: string;
  conversations: number;
}): Promise<StateFigures> {
  const logFile = join(options.dir, "log", "state.json");
  const rewriteFile = join(options.dir, "rewrite", "state.json");
  return {
    conversations: options.conversations,
    log: await measureStore(options.makeEngine, new FileStorage(logFile), logFile, options.conversations),
    rewrite: await measureStore(
      options.makeEngine,
      new RewriteWholeStorage(rewriteFile),
      rewriteFile,
      options.conversations,
    ),
  };
}

/** The lines bench.ts and this script print. */
export function stateLines(f: StateFigures): string[] {
  const line = (name: string, s: StoreGrowthFigures) =>
    `  ${name.padEnd(22)} new conversation p50 ${s.before_ms} ms → ${s.after_ms} ms after ${f.conversations} more (×${s.ratio}${name.startsWith("append") ? (s.ratio < 3 ? ", aim < 3 met" : ", aim < 3 NOT met") : ""}), state file ${s.file_kb} KB`;
  return [line("append log (now)", f.log), line("whole rewrite (before)", f.rewrite)];
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const at = argv.indexOf("--conversations");
  const conversations = at >= 0 ? Number(argv[at + 1]) : 5000;
  if (!(Number.isInteger(conversations) && conversations >= 1)) {
    throw new Error(`--conversations must be a whole number ≥ 1, got ${argv[at + 1]}`);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const sourcesDir = process.env.SOURCES_DIR ?? join(root, "index-data", "sources");
  const work = mkdtempSync(join(tmpdir(), "policybot-state-"));
  try {
    const indexDir = join(work, "index");
    const f = await measureStateGrowth({
      makeEngine: (store) => createEngine({ sourcesDir, indexDir, conversations: store }),
      dir: work,
      conversations,
    });
    process.stderr.write(
      `Conversation state — ${conversations} new conversations\n${stateLines(f).join("\n")}\n`,
    );
    process.stdout.write(`${JSON.stringify(f)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`state-growth: ${(err as Error).stack ?? (err as Error).message}\n`);
    process.exitCode = 1;
  });
}
