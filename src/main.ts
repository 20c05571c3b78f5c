/**
 * `npm start`: load `.env`, start serving at once (`/healthz` alive, `/readyz` 503), build or load
 * the index, then report ready. Exits 1 with a clear message when the settings are invalid, the
 * port cannot be bound or the index cannot be built; SIGINT/SIGTERM shut down gracefully.
 */
import "dotenv/config";
import type { AddressInfo } from "node:net";
import { join, resolve as resolvePath } from "node:path";
import type { Storage } from "botbuilder";
import { StorageConversationStore } from "./answer/conversation.js";
import { createController } from "./channels/controller.js";
import { ConversationQueue } from "./channels/conversation-queue.js";
import { DINGTALK_EVENTS_PATH, DINGTALK_USED_SIGN_TTL_MS, mountDingTalk } from "./channels/dingtalk.js";
import { type DingTalkStream, startDingTalkStream } from "./channels/dingtalk-stream.js";
import {
  FEISHU_EVENTS_PATH,
  type FeishuLongConnection,
  mountFeishu,
  startFeishuLongConnection,
} from "./channels/feishu.js";
import {
  mountSlack,
  SLACK_EVENTS_PATH,
  type SlackSocketMode,
  startSlackSocketMode,
} from "./channels/slack.js";
import { mountTeams } from "./channels/teams.js";
import { attachWebChatSocket, mountWebChat } from "./channels/web-chat.js";
import { mountWeCom } from "./channels/wecom.js";
import { ConfigError, loadConfig } from "./config.js";
import { watchSources } from "./index/watch-sources.js";
import { createServer } from "./service/http.js";
import { LiveEngine } from "./service/live-engine.js";
import { createLogger, type Logger } from "./service/logger.js";
import { buildServedEngine } from "./service/served-engine.js";
import { FileStorage } from "./state/file-storage.js";
import { RedisStorage } from "./state/redis-storage.js";
import { createRedisSeenEvents, createSeenEvents } from "./state/seen-events.js";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    createLogger().error(err.message, { problems: err.problems });
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel });
  const sourcesDir = resolvePath(config.sourcesDir);
  const indexDir = resolvePath(config.indexDir);
  const stateDir = resolvePath(config.stateDir);
  // Conversations and channel settings: Redis when several replicas share them, else a file.
  let storage: Storage;
  try {
    storage = config.redisUrl
      ? RedisStorage.connect(config.redisUrl)
      : new FileStorage(join(stateDir, "state.json"));
  } catch (err) {
    log.error(`cannot open the state store: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }

  // Botkit's webhook handler re-throws turn errors inside a promise; log them, do not crash.
  process.on("unhandledRejection", (reason) => log.error("unhandled promise rejection", { err: reason }));

  // Serve at once; questions wait for the engine (503 not_ready from /api/ask until it is built).
  // The engine is swappable: a change of the sources (watched) or `/policy reload` by an admin
  // builds a new one in the background; answers in flight finish on the old one. It answers in LLM
  // mode when OPENAI_API_KEY is set (src/answer/llm/), extractively otherwise.
  // src/answer/engine.ts logs plain strings; route them through our JSON logger.
  const engineLog = log.child({ component: "engine" });
  const llmLog = log.child({ component: "llm" });
  const conversations = new StorageConversationStore(storage);
  // The index is built in a worker thread under budgets, then loaded here (served-engine.ts).
  const deferredEngine = new LiveEngine({
    build: () =>
      buildServedEngine({
        sourcesDir,
        indexDir,
        openai: config.openai,
        workerLimits: config.indexWorker,
        conversations,
        log: engineLog,
        llmLog,
      }),
    sourcesDir,
    log: engineLog,
    admins: config.adminUsers,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  const { app, server, limiter } = createServer({
    engine: deferredEngine,
    ready: () => deferredEngine.ready(),
    indexFailure: () => deferredEngine.lastFailure,
    sourcesDir,
    log: log.child({ component: "http" }),
    ...(config.apiToken === undefined ? {} : { apiToken: config.apiToken }),
    rateLimitPerMinute: config.rateLimitPerMinute,
    allowedHosts: config.allowedHosts,
    limits: { maxConnectionsPerAddress: config.maxConnectionsPerAddress },
  });
  const controller = createController({ app, engine: deferredEngine, log: log.child({ component: "chat" }) });
  const web = mountWebChat(app, {
    engine: deferredEngine,
    sourceText: (file) => {
      try {
        return deferredEngine.current?.kb.source(file).text;
      } catch {
        return undefined;
      }
    },
    sourcePages: (file) => {
      try {
        return deferredEngine.current?.kb.source(file).pages;
      } catch {
        return undefined;
      }
    },
    sources: () => deferredEngine.current?.built.docs.map((d) => d.source) ?? [],
    stateDir,
    log: log.child({ component: "web" }),
    ...(config.apiToken === undefined ? {} : { apiToken: config.apiToken }),
  });
  const webSocket = attachWebChatSocket({
    server,
    app,
    engine: deferredEngine,
    limiter,
    log: log.child({ component: "web-socket" }),
    ...(config.apiToken === undefined ? {} : { apiToken: config.apiToken }),
  });
  const teams = config.teams
    ? mountTeams(app, {
        engine: deferredEngine,
        appId: config.teams.appId,
        appPassword: config.teams.appPassword,
        ...(config.teams.tenantId ? { tenantId: config.teams.tenantId } : {}),
        log: log.child({ component: "teams" }),
      })
    : undefined;
  // Deliveries already handled: claimed once across the replicas when they share Redis.
  const seen =
    storage instanceof RedisStorage
      ? createRedisSeenEvents(storage.redis, {
          onError: (err) =>
            log.warn("Redis is unreachable: handled events are checked in this process only", { err }),
        })
      : createSeenEvents();
  const slackLog = log.child({ component: "slack" });
  const slack = config.slack;
  if (slack?.signingSecret !== undefined) {
    mountSlack(app, {
      engine: deferredEngine,
      signingSecret: slack.signingSecret,
      botToken: slack.botToken,
      apiUrl: slack.apiUrl,
      log: slackLog,
      seen,
    });
  }
  let socket: SlackSocketMode | undefined;
  const ding = config.dingtalk;
  const dingLog = log.child({ component: "dingtalk" });
  // One set of options for the callback route and stream mode. In LLM mode with
  // DINGTALK_CARD_TEMPLATE_ID, answers stream into a DingTalk AI card.
  const dingOptions = ding && {
    engine: deferredEngine,
    appKey: ding.appKey,
    appSecret: ding.appSecret,
    apiUrl: ding.apiUrl,
    ...(ding.cardTemplateId
      ? { cardTemplateId: ding.cardTemplateId, cardContentKey: ding.cardContentKey }
      : {}),
    log: dingLog,
    seen,
  };
  if (dingOptions) {
    // A callback's (timestamp, sign) pair is accepted once, across the replicas when they share Redis.
    const usedSigns =
      storage instanceof RedisStorage
        ? createRedisSeenEvents(storage.redis, {
            ttlMs: DINGTALK_USED_SIGN_TTL_MS,
            prefix: "policybot:used-sign:",
            onError: (err) =>
              log.warn("Redis is unreachable: DingTalk signs are checked in this process only", { err }),
          })
        : undefined;
    mountDingTalk(app, { ...dingOptions, ...(usedSigns ? { usedSigns } : {}) });
  }
  let dingStream: DingTalkStream | undefined;
  const wecom = config.wecom
    ? mountWeCom(app, {
        engine: deferredEngine,
        ...config.wecom,
        log: log.child({ component: "wecom" }),
        seen,
      })
    : undefined;
  const feishu = config.feishu;
  const feishuLog = log.child({ component: "feishu" });
  if (feishu && !feishu.longConnection) {
    mountFeishu(app, {
      engine: deferredEngine,
      appId: feishu.appId,
      appSecret: feishu.appSecret,
      verificationToken: feishu.verificationToken,
      encryptKey: feishu.encryptKey,
      apiUrl: feishu.apiUrl,
      log: feishuLog,
      seen,
    });
  }
  let feishuWs: FeishuLongConnection | undefined;

  await new Promise<void>((resolveListen) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      const where = `${config.host}:${config.port}`;
      const hint =
        err.code === "EADDRINUSE"
          ? `port ${config.port} is already in use; stop the other process or set PORT to a free port`
          : err.code === "EACCES"
            ? `no permission to listen on ${where}; use a port above 1023`
            : err.message;
      log.error(`cannot listen on ${where}: ${hint}`, { code: err.code });
      process.exit(1);
    });
    server.listen(config.port, config.host, resolveListen);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${port}`;
  log.info(`policybot listening on ${url}`, {
    url,
    channels: [
      {
        name: "web chat",
        route: `${url}/`,
        auth: config.apiToken ? "token" : "none",
        routes: [...web.routes, ...webSocket.routes],
      },
      {
        name: "web API",
        route: `POST ${url}/api/ask`,
        auth: config.apiToken ? "bearer" : "none",
        routes: ["POST /api/ask", "POST /api/export (md, csv, docx)", "GET /healthz", "GET /readyz"],
      },
      ...(slack?.signingSecret !== undefined
        ? [{ name: "Slack Events API", route: `POST ${url}${SLACK_EVENTS_PATH}` }]
        : []),
      ...(slack?.appToken !== undefined
        ? [{ name: "Slack Socket Mode", route: "(outbound websocket)" }]
        : []),
      ...(teams ? [{ name: "Microsoft Teams", route: `POST ${url}${teams.path}` }] : []),
      ...(ding ? [{ name: "DingTalk", route: `POST ${url}${DINGTALK_EVENTS_PATH}` }] : []),
      ...(ding?.stream ? [{ name: "DingTalk stream", route: "(outbound websocket)" }] : []),
      ...(wecom ? [{ name: "WeCom", route: `GET/POST ${url}${wecom.path}` }] : []),
      ...(feishu && !feishu.longConnection
        ? [{ name: "Feishu events", route: `POST ${url}${FEISHU_EVENTS_PATH}` }]
        : []),
      ...(feishu?.longConnection ? [{ name: "Feishu long connection", route: "(outbound websocket)" }] : []),
    ],
    state: config.redisUrl ? "redis" : join(stateDir, "state.json"),
  });
  if (ding?.stream && dingOptions) {
    dingStream = await startOutbound("DingTalk stream mode", dingLog, () => startDingTalkStream(dingOptions));
  }
  if (feishu?.longConnection) {
    feishuWs = await startOutbound("Feishu long connection", feishuLog, () =>
      startFeishuLongConnection({
        engine: deferredEngine,
        appId: feishu.appId,
        appSecret: feishu.appSecret,
        apiUrl: feishu.apiUrl,
        log: feishuLog,
        seen,
      }),
    );
  }
  const appToken = slack?.appToken;
  if (slack && appToken !== undefined) {
    socket = await startOutbound("Slack Socket Mode", slackLog, () =>
      startSlackSocketMode({
        engine: deferredEngine,
        appToken,
        botToken: slack.botToken,
        apiUrl: slack.apiUrl,
        log: slackLog,
        seen,
      }),
    );
  }

  let sourcesWatch: { close(): void } | undefined;
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: shutting down`);
    setTimeout(() => {
      log.warn(`connections still open after ${SHUTDOWN_GRACE_MS} ms: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    sourcesWatch?.close();
    void socket?.stop();
    dingStream?.close();
    feishuWs?.close();
    void webSocket.close();
    server.close(() => {
      // Requests in flight have been answered; then the chat answers still being posted (the
      // channels acknowledge first and reply after), then the state store is flushed and closed.
      ConversationQueue.drainAll()
        .then(() => Promise.all([controller.shutdown(), closeStorage(storage)]))
        .then(
          () => {
            log.info("stopped: every reply in flight was sent and the state is saved");
            process.exit(0);
          },
          (err: unknown) => {
            log.error("error during shutdown", { err });
            process.exit(1);
          },
        );
    });
    server.closeIdleConnections();
    // A keep-alive connection whose reply was in flight is idle once it is sent: close it then.
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  log.info("building or loading the index", { sourcesDir, indexDir });
  const started = Date.now();
  try {
    const { built } = await deferredEngine.start();
    log.info("ready: answering questions", {
      ms: Date.now() - started,
      index: built.action,
      documents: built.docs.map((d) => ({ source: d.source, title: d.title, measures: d.measures.length })),
      problems: built.problems,
    });
  } catch (err) {
    // Not fatal: the service stays up (/healthz alive, /readyz 503 with the reason) and builds
    // again when the sources change or an admin sends /policy reload.
    log.error(
      `could not build or load the index from ${sourcesDir} (index folder ${indexDir}): ` +
        `${err instanceof Error ? err.message : String(err)}. Not ready: fix the sources folder ` +
        (config.watchSources
          ? "(the index is built again when it changes) or send /policy reload."
          : "and restart (WATCH_SOURCES is off)."),
      { err },
    );
  }
  if (config.watchSources && !stopping) {
    sourcesWatch = watchSources(sourcesDir, (reason) => void deferredEngine.reload(reason), {
      onGone: () =>
        log.error(
          `the sources folder ${sourcesDir} has disappeared; still answering from the last good index ` +
            `(${deferredEngine.current?.documentCount ?? 0} documents) and watching for it to come back`,
        ),
    });
  }
}

/** Closes the state store (Redis); the file store's writes resolve only once they are on disk. */
async function closeStorage(storage: Storage): Promise<void> {
  if (storage instanceof RedisStorage) await storage.close();
}

/** Starts an outbound connection (stream, long connection, socket mode); a failure is logged, not fatal. */
async function startOutbound<T>(what: string, log: Logger, start: () => Promise<T>): Promise<T | undefined> {
  try {
    return await start();
  } catch (err) {
    log.error(`${what} could not start: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

await main();
