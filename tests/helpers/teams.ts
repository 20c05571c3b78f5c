/**
 * Builders for the Teams tests: a test RSA key that signs Bot Framework tokens, a local stand-in of
 * the Bot Framework (OpenID metadata, JWKS, token endpoint, and the serviceUrl that captures
 * replies), activities, and the real service (createServer + mountTeams) on a loopback port.
 */
import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { mountTeams, type TeamsChannel } from "../../src/channels/teams.js";
import { createServer } from "../../src/service/http.js";

/** The bot's app id in the tests (never a real one). */
export const TEST_APP_ID = "00000000-1111-2222-3333-444444444444";
export const TEST_APP_PASSWORD = "test-app-password";
/** The bot's id in Teams activities. */
export const BOT_ID = `28:${TEST_APP_ID}`;
export const TEST_KEY_ID = "test-key-1";

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
/** Another key, unknown to the stand-in's JWKS. */
export const OTHER_KEY = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** Claims of a token; defaults make a valid Bot Framework channel token for `serviceUrl`. */
export interface TokenFields {
  serviceUrl: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
  nbf?: number;
  key?: KeyObject;
  kid?: string;
}

/** An RS256 JWT signed with the test key (or `key`). */
export function signToken(fields: TokenFields): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: "RS256", typ: "JWT", kid: fields.kid ?? TEST_KEY_ID };
  const payload = {
    serviceurl: fields.serviceUrl,
    nbf: fields.nbf ?? now - 60,
    exp: fields.exp ?? now + 3600,
    iss: fields.iss ?? "https://api.botframework.com",
    aud: fields.aud ?? TEST_APP_ID,
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("RSA-SHA256", Buffer.from(input), fields.key ?? keys.privateKey);
  return `${input}.${b64url(signature)}`;
}

/** One reply captured at the serviceUrl. */
export interface CapturedReply {
  path: string;
  authorization: string | undefined;
  body: {
    type: string;
    text: string;
    textFormat?: string;
    replyToId?: string;
    conversation?: { id: string };
    attachments?: unknown[];
  };
}

/** The stand-in of the Bot Framework. */
export interface FakeBotFramework {
  /** The OpenID metadata URL (its `jwks_uri` serves the test key, endorsed for "msteams"). */
  metadataUrl: string;
  /** The token endpoint. */
  tokenUrl: string;
  /** The serviceUrl to put in activities (replies are captured under it). */
  serviceUrl: string;
  replies: CapturedReply[];
  /** Token requests received (form fields). */
  tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

/** Starts the stand-in on 127.0.0.1. */
export async function startFakeBotFramework(): Promise<FakeBotFramework> {
  const replies: CapturedReply[] = [];
  const tokenRequests: Record<string, string>[] = [];
  let base = "";
  const jwk = keys.publicKey.export({ format: "jwk" });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "/";
      const json = (status: number, body: unknown) => {
        res.statusCode = status;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(body));
      };
      if (url === "/v1/.well-known/openidconfiguration") {
        json(200, { issuer: "https://api.botframework.com", jwks_uri: `${base}/v1/keys` });
      } else if (url === "/v1/keys") {
        json(200, {
          keys: [{ ...jwk, kid: TEST_KEY_ID, use: "sig", alg: "RS256", endorsements: ["msteams"] }],
        });
      } else if (url === "/token" && req.method === "POST") {
        tokenRequests.push(Object.fromEntries(new URLSearchParams(raw)));
        json(200, { token_type: "Bearer", expires_in: 3600, access_token: "test-access-token" });
      } else if (url.startsWith("/service/v3/conversations/") && req.method === "POST") {
        replies.push({
          path: decodeURIComponent(url.slice("/service".length)),
          authorization: req.headers.authorization,
          body: JSON.parse(raw) as CapturedReply["body"],
        });
        json(200, { id: `reply-${replies.length}` });
      } else {
        json(404, { error: "not found" });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    tokenUrl: `${base}/token`,
    serviceUrl: `${base}/service/`,
    replies,
    tokenRequests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let nextId = 1;

/** Fields of a message activity. */
export interface ActivityFields {
  text: string;
  serviceUrl: string;
  conversationType?: "personal" | "channel" | "groupChat";
  conversationId?: string;
  id?: string;
  fromId?: string;
  /** Adds a `mention` entity of the bot and "<at>policybot</at> " before the text. */
  mention?: boolean;
}

/** A Bot Framework `message` activity as Teams sends it. */
export function activity(fields: ActivityFields): Record<string, unknown> {
  const id = fields.id ?? `17000000000${String(nextId++).padStart(2, "0")}`;
  const type = fields.conversationType ?? "personal";
  const conversationId =
    fields.conversationId ??
    (type === "personal"
      ? "a:1personalchat"
      : type === "channel"
        ? `19:channel@thread.tacv2;messageid=${id}`
        : "19:group@thread.v2");
  const text = fields.mention === true ? `<at>policybot</at> ${fields.text}` : fields.text;
  return {
    type: "message",
    id,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: fields.serviceUrl,
    from: { id: fields.fromId ?? "29:asker", name: "Asker", aadObjectId: "aad-asker" },
    recipient: { id: BOT_ID, name: "policybot" },
    conversation: { id: conversationId, conversationType: type, tenantId: "tenant-1" },
    text,
    textFormat: "plain",
    entities:
      fields.mention === true
        ? [{ type: "mention", mentioned: { id: BOT_ID, name: "policybot" }, text: "<at>policybot</at>" }]
        : [],
    channelData: { tenant: { id: "tenant-1" } },
  };
}

/** The service with the Teams channel mounted, listening on a loopback port. */
export interface TeamsService {
  base: string;
  channel: TeamsChannel;
  /** POSTs `body` to /api/teams/messages with a valid token for the body's serviceUrl (or `token`; null for none). */
  post(body: unknown, token?: string | null): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Starts createServer + mountTeams on 127.0.0.1:0 against the stand-in. */
export async function startTeamsService(options: {
  engine: AnswerEngine;
  bf: FakeBotFramework;
  allowLoopbackServiceUrl?: boolean;
}): Promise<TeamsService> {
  const { app, server } = createServer({ engine: options.engine, ready: () => true });
  const channel = mountTeams(app, {
    engine: options.engine,
    appId: TEST_APP_ID,
    appPassword: TEST_APP_PASSWORD,
    openIdMetadataUrl: options.bf.metadataUrl,
    tokenUrl: options.bf.tokenUrl,
    allowLoopbackServiceUrl: options.allowLoopbackServiceUrl ?? true,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    channel,
    post: (body, token) => {
      const payload = typeof body === "string" ? body : JSON.stringify(body);
      const serviceUrl = String((body as { serviceUrl?: unknown }).serviceUrl ?? options.bf.serviceUrl);
      const bearer = token === undefined ? signToken({ serviceUrl }) : token;
      return fetch(`${base}/api/teams/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        },
        body: payload,
      });
    },
    close: async () => {
      await channel.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
