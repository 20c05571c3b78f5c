/** Helpers for the web chat tests: a running service with the web chat, and Debian's Chromium. */
import { existsSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { attachWebChatSocket, mountWebChat } from "../../src/channels/web-chat.js";
import { createServer } from "../../src/service/http.js";

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`; `.ci/run` installs it). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** True when the browser tests can run on this machine. */
export const hasChromium = existsSync(CHROMIUM_PATH);

/** Where the browser tests save screenshots (gitignored). */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../artifacts/", import.meta.url));

/** A service with the web chat, listening on a loopback port. */
export interface WebService {
  url: string;
  close: () => Promise<void>;
}

/** Options of `startWebService`. */
export interface WebServiceOptions {
  engine: AnswerEngine;
  texts: Map<string, string>;
  stateDir: string;
  apiToken?: string;
  /** Attach the web adapter's websocket (`attachWebChatSocket`); default true. */
  socket?: boolean;
  /** Questions per client address per minute (`/api/ask`, the websocket and its webhook); default none. */
  rateLimitPerMinute?: number;
}

/** Starts createServer + mountWebChat (+ attachWebChatSocket) on 127.0.0.1 with a free port. */
export async function startWebService(options: WebServiceOptions): Promise<WebService> {
  const { engine, texts, stateDir, apiToken } = options;
  const tokenOption = apiToken === undefined ? {} : { apiToken };
  const { app, server, limiter } = createServer({
    engine,
    ready: () => true,
    ...tokenOption,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
  });
  mountWebChat(app, {
    engine,
    sourceText: (file) => texts.get(file),
    sources: () => [...texts.keys()],
    stateDir,
    ...tokenOption,
  });
  const socket =
    options.socket === false
      ? undefined
      : attachWebChatSocket({ server, app, engine, limiter, ...tokenOption });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await socket?.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Launches Debian's Chromium headless through playwright-core (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
