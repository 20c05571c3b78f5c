/**
 * A local HTTP stand-in for an OpenAI-compatible endpoint, reached through the real `openai`
 * client by its base URL (`${standIn.url}` ends in `/v1`). It records every request (like the
 * Vercel AI SDK's mock models) and answers:
 * - `POST /v1/chat/completions` — JSON, or SSE chunks when the request asks `stream: true` (with a
 *   usage chunk when `stream_options.include_usage` is set), from a reply function;
 * - `POST /v1/embeddings` — deterministic float vectors (character-bigram hashing), or base64 when
 *   the request does not ask for floats;
 * - scripted faults: an error status, a slow reply, a reply that never comes.
 * No test calls the internet.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** What the stand-in does with one chat request. */
export type StandInReply =
  | { text: string }
  | { status: number; message?: string; headers?: Record<string, string> }
  | { hang: true }
  | { delayMs: number; reply: StandInReply };

/** A recorded request. */
export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
}

/** A chat message as the client sends it. */
export interface WireMessage {
  role: string;
  content: string;
}

export interface OpenAiStandIn {
  /** Base URL for the client, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** Chat requests only. */
  chats(): RecordedRequest[];
  /** Replies used (in order) before the default reply function. */
  script: StandInReply[];
  /** The reply to chat requests once the script is used up. */
  reply: (messages: WireMessage[]) => StandInReply;
  /** Embedding dimensions. */
  dims: number;
  /** Pause between streamed chunks (ms); default 2. */
  chunkDelayMs: number;
  close(): Promise<void>;
}

/**
 * The default reply: copies every fenced evidence passage it was sent, each followed by its
 * marker, then adds a sentence with a bogus marker and an invented name. A query-rewriting
 * request (no evidence) gets the question back as one search query.
 */
export function copyEvidenceReply(messages: WireMessage[]): StandInReply {
  const prompt = messages.filter((m) => m.role === "user").at(-1)?.content ?? "";
  const blocks = [...prompt.matchAll(/<evidence id="(\d+)"[^>]*>\n?([\s\S]*?)\n?<\/evidence>/g)];
  if (blocks.length === 0) {
    const q = /<question>\n?([\s\S]*?)\n?<\/question>/.exec(prompt)?.[1] ?? "";
    return { text: JSON.stringify({ standalone: q, queries: [q] }) };
  }
  const copied = blocks.map((b) => `${b[2]!.trim()}[${b[1]}]`).join("\n");
  return { text: `${copied}\n另由虚构局牵头，预计2099年完成[99]。` };
}

/** Starts the stand-in on a free loopback port. */
export async function startOpenAiStandIn(
  reply: (messages: WireMessage[]) => StandInReply = copyEvidenceReply,
): Promise<OpenAiStandIn> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const state: OpenAiStandIn = {
    url: "",
    requests,
    chats: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    script: [],
    reply,
    dims: 32,
    chunkDelayMs: 2,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      const path = (req.url ?? "").split("?")[0]!;
      requests.push({ path, body, headers: req.headers });
      if (path === "/v1/embeddings") return embeddings(body, res, state.dims);
      if (path === "/v1/chat/completions") {
        const messages = (body.messages as WireMessage[] | undefined) ?? [];
        const next = state.script.shift() ?? state.reply(messages);
        return void chat(next, body, res, state.chunkDelayMs);
      }
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `no route ${path}` } }));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

async function chat(
  reply: StandInReply,
  body: Record<string, unknown>,
  res: http.ServerResponse,
  chunkDelayMs: number,
): Promise<void> {
  if ("hang" in reply) return; // never answers; the client's timeout must end the call
  if ("delayMs" in reply) {
    await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    return chat(reply.reply, body, res, chunkDelayMs);
  }
  if ("status" in reply) {
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(
      JSON.stringify({ error: { message: reply.message ?? `status ${reply.status}`, type: "server_error" } }),
    );
    return;
  }
  const model = String(body.model ?? "stand-in");
  const promptText = JSON.stringify(body.messages ?? "");
  const usage = {
    prompt_tokens: Math.ceil(promptText.length / 2),
    completion_tokens: Math.ceil(reply.text.length / 2),
    total_tokens: Math.ceil(promptText.length / 2) + Math.ceil(reply.text.length / 2),
  };
  const id = "chatcmpl-standin";
  const created = 1_700_000_000;
  if (body.stream === true) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const send = (obj: unknown) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
    const pieces = reply.text.match(/[\s\S]{1,8}/g) ?? [];
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    for (const p of pieces) {
      send({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [{ index: 0, delta: { content: p }, finish_reason: null }],
      });
      await new Promise((r) => setTimeout(r, chunkDelayMs));
    }
    send({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    });
    const opts = body.stream_options as { include_usage?: boolean } | undefined;
    if (opts?.include_usage)
      send({ id, object: "chat.completion.chunk", created, model, choices: [], usage });
    res.end("data: [DONE]\n\n");
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: reply.text }, finish_reason: "stop" }],
      usage,
    }),
  );
}

/** A deterministic unit vector of a text: character bigrams hashed into `dims` buckets. */
export function standInVector(text: string, dims: number): number[] {
  const v = new Array<number>(dims).fill(0);
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const gram = chars[i]! + (chars[i + 1] ?? "");
    const h = createHash("md5").update(gram).digest();
    v[h[0]! % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

function embeddings(body: Record<string, unknown>, res: http.ServerResponse, dims: number) {
  const input = body.input;
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
  const float = body.encoding_format === "float";
  const data = texts.map((t, index) => {
    const v = standInVector(t, dims);
    return {
      object: "embedding",
      index,
      embedding: float ? v : Buffer.from(new Float32Array(v).buffer).toString("base64"),
    };
  });
  res.writeHead(200, { "content-type": "application/json" });
  res.end(
    JSON.stringify({
      object: "list",
      data,
      model: body.model,
      usage: { prompt_tokens: texts.join("").length, total_tokens: texts.join("").length },
    }),
  );
}
