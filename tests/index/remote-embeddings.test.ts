/**
 * OPENAI_EMBEDDING_MODEL: passage vectors from an OpenAI-compatible endpoint (the local stand-in,
 * through the real client) instead of the local LSA model. Floats are asked for; the manifest
 * records the model; the same model reloads, another model rebuilds; a failing endpoint at
 * question time leaves BM25 to answer.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import { createEngineWithEmbeddings, embeddingOptionsOf } from "../../src/answer/llm/from-config.js";
import { CORPUS_DIR } from "../helpers/fixtures.js";
import { type OpenAiStandIn, startOpenAiStandIn } from "../helpers/openai-stand-in.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("remote-embeddings");
let standIn: OpenAiStandIn;
let sources: string;
let indexDir: string;
beforeAll(async () => {
  standIn = await startOpenAiStandIn();
  sources = newDir();
  copyFileSync(
    join(CORPUS_DIR, "shanghai-reform-pilot-six-measures.txt"),
    join(sources, "shanghai-reform-pilot-six-measures.txt"),
  );
  indexDir = join(newDir(), "index");
});
afterAll(() => standIn.close());

const openai = (embeddingModel: string, baseUrl = standIn.url) => ({
  apiKey: "k",
  baseUrl,
  embeddingModel,
  timeoutMs: 2000,
  maxRetries: 0,
});
const embeddingCalls = () => standIn.requests.filter((r) => r.path === "/v1/embeddings");

describe("remote embeddings", () => {
  it("builds the vectors from the endpoint, asking for floats, and records the model", async () => {
    const engine = await createEngine({
      sourcesDir: sources,
      indexDir,
      ...embeddingOptionsOf(openai("embed-a")),
    });
    expect(engine.built.action).toBe("built");
    expect(engine.kb.index.manifest?.embedding).toEqual({ name: "openai:embed-a", dims: standIn.dims });
    const calls = embeddingCalls();
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) {
      expect(c.body.encoding_format).toBe("float");
      expect(c.body.model).toBe("embed-a");
    }
    const embedded = calls.flatMap((c) => c.body.input as string[]);
    expect(embedded).toHaveLength(engine.kb.index.size);
  });

  it("reloads with the same model and embeds only the questions", async () => {
    standIn.requests.length = 0;
    const engine = await createEngine({
      sourcesDir: sources,
      indexDir,
      ...embeddingOptionsOf(openai("embed-a")),
    });
    expect(engine.built.action).toBe("loaded");
    expect(embeddingCalls()).toHaveLength(0);
    const hits = await engine.kb.index.search("行政审批事项目录 审改措施", { k: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.vectorRank !== null)).toBe(true);
    expect(embeddingCalls()).toHaveLength(1);
  });

  it("rebuilds the vectors when the model changes", async () => {
    standIn.requests.length = 0;
    const engine = await createEngine({
      sourcesDir: sources,
      indexDir,
      ...embeddingOptionsOf(openai("embed-b")),
    });
    expect(engine.built.action).toBe("built");
    expect(engine.kb.index.manifest?.embedding.name).toBe("openai:embed-b");
    expect(embeddingCalls().length).toBeGreaterThan(0);
    // And back to the local model without a key.
    const local = await createEngine({ sourcesDir: sources, indexDir, ...embeddingOptionsOf(openai("")) });
    expect(local.built.action).toBe("built");
    expect(local.kb.index.manifest?.embedding.name).toMatch(/^local-lsa/);
  });

  it("builds with the local embedding when the endpoint fails during the build", async () => {
    const warnings: string[] = [];
    const engine = await createEngineWithEmbeddings(
      { sourcesDir: sources, indexDir: join(newDir(), "index") },
      openai("embed-a", "http://127.0.0.1:9/v1"),
      (m) => warnings.push(m),
    );
    expect(engine.kb.index.manifest?.embedding.name).toMatch(/^local-lsa/);
    expect(warnings[0]).toMatch(/openai:embed-a/);
  }, 30_000);

  it("answers from BM25 when the endpoint fails at question time", async () => {
    const engine = await createEngine({
      sourcesDir: sources,
      indexDir: join(newDir(), "index"),
      ...embeddingOptionsOf(openai("embed-a")),
    });
    await standIn.close();
    const a = await engine.ask("上海列入取消和调整行政审批事项目录的审改措施有多少项?");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("36");
    standIn = await startOpenAiStandIn();
  });
});
