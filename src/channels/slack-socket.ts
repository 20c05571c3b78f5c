/**
 * Slack Socket Mode (`@slack/socket-mode`), for workspaces without a public URL: the same
 * `event_callback` envelopes arrive over a WebSocket authenticated by the app-level token and go
 * to the same `SlackResponder` as the Events API route's.
 */
import { SocketModeClient } from "@slack/socket-mode";
import { silentLogger } from "../service/logger.js";
import type { SlackEnvelope } from "./slack-events.js";
import {
  createSlackResponder,
  DEFAULT_SLACK_API_URL,
  type SlackAnswerOptions,
  type SlackResponder,
  slackLogger,
} from "./slack-responder.js";

/** Options of `startSlackSocketMode`. */
export interface SlackSocketModeOptions extends SlackAnswerOptions {
  /** The app-level token (SLACK_APP_TOKEN, `xapp-…`, scope `connections:write`). */
  appToken: string;
  /** Reconnect when the connection drops; default true. */
  autoReconnect?: boolean;
}

/** A running Socket Mode connection. */
export interface SlackSocketMode extends SlackResponder {
  /** Disconnects; answers under way still finish (await `idle()`). */
  stop(): Promise<void>;
}

/**
 * Connects to Slack in Socket Mode (no public URL needed): `apps.connections.open` at the Web API
 * base URL, then a WebSocket over which Slack sends the same `event_callback` envelopes. Each is
 * acknowledged at once and handled exactly as the Events API route handles it (the connection is
 * authenticated by the app token, so there is no request signature). Resolves once connected;
 * rejects when the app token is refused.
 */
export async function startSlackSocketMode(options: SlackSocketModeOptions): Promise<SlackSocketMode> {
  if (options.appToken.trim() === "") throw new Error("startSlackSocketMode: the app token is empty");
  const log = options.log ?? silentLogger;
  const responder = createSlackResponder({ ...options, log });
  const client = new SocketModeClient({
    appToken: options.appToken,
    logger: slackLogger(log.child({ component: "slack-socket-mode" })),
    autoReconnectEnabled: options.autoReconnect ?? true,
    clientOptions: {
      slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
      allowAbsoluteUrls: false,
      retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
      timeout: 30_000,
    },
  });
  client.on(
    "slack_event",
    (args: { ack: () => Promise<void>; type?: unknown; body?: unknown; retry_num?: unknown }) => {
      args.ack().catch((err: unknown) => log.warn("could not acknowledge a Socket Mode event", { err }));
      const body = args.body;
      if (args.type !== "events_api" || typeof body !== "object" || body === null) return;
      const envelope = body as SlackEnvelope;
      if (envelope.type !== "event_callback") return;
      try {
        responder.dispatch(envelope, typeof args.retry_num === "number" ? args.retry_num : undefined);
      } catch (err) {
        log.error("a Socket Mode event could not be handled", { err });
      }
    },
  );
  await client.start();
  return {
    dispatch: responder.dispatch,
    idle: responder.idle,
    stop: async () => {
      await client.disconnect();
    },
  };
}
