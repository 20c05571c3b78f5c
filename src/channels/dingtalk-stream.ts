/**
 * DingTalk's stream mode (`startDingTalkStream`, the `dingtalk-stream` SDK's DWClient): the robot's
 * messages over an outbound websocket, for intranets without a public URL, answered by the same
 * responder as the HTTP callback (dingtalk.ts). The connection is opened with the AppKey and
 * AppSecret, so its messages' senders are vouched for by DingTalk (they may count as admins).
 */
import { DWClient, type DWClientDownStream, TOPIC_ROBOT } from "dingtalk-stream";
import { type Logger, silentLogger } from "../service/logger.js";
import { createDingTalkResponder, type DingTalkAnswerOptions, type DingTalkResponder } from "./dingtalk.js";
import { DEFAULT_DINGTALK_API_URL } from "./dingtalk-config.js";
import { parseRobotMessage } from "./dingtalk-message.js";

/** Options of `startDingTalkStream`. */
export interface DingTalkStreamOptions extends DingTalkAnswerOptions {
  /** DINGTALK_APP_KEY: the stream's clientId. */
  appKey: string;
  /** DINGTALK_APP_SECRET: the stream's clientSecret. */
  appSecret: string;
  /** Where connections are opened; default `${apiUrl}/v1.0/gateway/connections/open` (the SDK's GATEWAY_URL on the public API). */
  gatewayUrl?: string;
  /** Reconnect after the socket closes (the SDK's autoReconnect); default true. */
  autoReconnect?: boolean;
}

/** A running stream-mode connection. */
export interface DingTalkStream {
  client: DWClient;
  /** Resolves when every answer under way has been posted (or has failed and been logged). */
  idle(): Promise<void>;
  /** Disconnects (no reconnect). */
  close(): void;
}

/** The acknowledgement the SDK sends back for a handled callback. */
type Ack = (messageId: string, result: unknown) => void;

/**
 * The stream's robot-message callback (TOPIC_ROBOT): parses the downstream's `data` (the same robot
 * message JSON as the HTTP callback), hands it to the responder, and acknowledges it — always, so that
 * DingTalk does not redeliver it (a malformed message is logged and acknowledged).
 */
export function handleDingTalkStreamMessage(
  downstream: DWClientDownStream,
  responder: DingTalkResponder,
  ack: Ack,
  log: Logger = silentLogger,
): void {
  const messageId = downstream?.headers?.messageId;
  try {
    // The stream is a connection DingTalk authenticated (clientId/secret ticket): its senders are signed.
    responder.dispatch(parseRobotMessage(typeof downstream?.data === "string" ? downstream.data : ""), true);
  } catch (err) {
    log.warn("ignored a malformed DingTalk stream message", {
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  if (typeof messageId === "string" && messageId !== "") {
    try {
      ack(messageId, {});
    } catch (err) {
      log.error("could not acknowledge a DingTalk stream message", { err });
    }
  }
}

/** The SDK's client with its gateway (connections/open) at our API base URL, so a private deployment or a test stand-in works. */
class GatewayDWClient extends DWClient {
  constructor(
    opts: ConstructorParameters<typeof DWClient>[0],
    private readonly gatewayUrl: string,
  ) {
    super(opts);
  }

  override async getEndpoint(): Promise<this> {
    const config = this.getConfig();
    const res = await fetch(this.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        ua: config.ua ?? "",
        subscriptions: config.subscriptions,
      }),
      redirect: "error",
      signal: AbortSignal.timeout(30_000),
    });
    const data = (await res.json().catch(() => undefined)) as
      | { endpoint?: unknown; ticket?: unknown }
      | undefined;
    if (!res.ok || typeof data?.endpoint !== "string" || typeof data.ticket !== "string") {
      throw new Error(`the DingTalk stream gateway answered ${res.status} without an endpoint and ticket`);
    }
    const url = new URL(data.endpoint);
    url.searchParams.set("ticket", data.ticket);
    (this as unknown as { dw_url: string }).dw_url = url.href;
    return this;
  }
}

/**
 * Stream mode: opens DingTalk's stream (an outbound websocket; no public URL needed), registers the
 * robot-message callback (TOPIC_ROBOT) and answers through the same responder as the callback route.
 * The SDK reconnects by itself; a failed first connection is retried in the background.
 */
export async function startDingTalkStream(options: DingTalkStreamOptions): Promise<DingTalkStream> {
  if (options.appKey.trim() === "") throw new Error("startDingTalkStream: the AppKey is empty");
  if (options.appSecret.trim() === "") throw new Error("startDingTalkStream: the AppSecret is empty");
  const log = options.log ?? silentLogger;
  const apiUrl = (options.apiUrl ?? DEFAULT_DINGTALK_API_URL).replace(/\/+$/, "");
  const responder = createDingTalkResponder({ ...options, apiUrl, log });
  const client = new GatewayDWClient(
    { clientId: options.appKey, clientSecret: options.appSecret, keepAlive: true },
    options.gatewayUrl ?? `${apiUrl}/v1.0/gateway/connections/open`,
  );
  if (options.autoReconnect === false) client.config.autoReconnect = false;
  client.registerCallbackListener(TOPIC_ROBOT, (downstream: DWClientDownStream) =>
    handleDingTalkStreamMessage(
      downstream,
      responder,
      (id, result) => client.socketCallBackResponse(id, result),
      log,
    ),
  );
  await client.connect();
  return {
    client,
    idle: () => responder.idle(),
    close: () => client.disconnect(),
  };
}
