/**
 * Partial answers for channels that can show an answer as it is written (the web chat's
 * websocket, Slack's chat.update): the latest text is sent at most once per interval, one send at
 * a time, and `finish` waits for the send under way and drops the rest — so the final answer,
 * sent after it, is always the last thing the asker sees.
 */

export interface PartialUpdates {
  /** The answer text so far (only the latest is kept). */
  push(text: string): void;
  /** Stops sending; resolves when no send is under way. */
  finish(): Promise<void>;
}

/** Sends partial texts through `send`, at most one per `intervalMs`; a failed send is reported, not thrown. */
export function partialUpdates(
  send: (text: string) => Promise<unknown>,
  intervalMs = 300,
  onError: (err: unknown) => void = () => {},
): PartialUpdates {
  let latest: string | undefined;
  let sent = "";
  let finished = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let last = 0;

  const flush = () => {
    timer = undefined;
    if (finished || latest === undefined || latest === sent) return;
    const text = latest;
    sent = text;
    last = Date.now();
    inFlight = inFlight.then(() => (finished ? undefined : send(text).then(() => undefined, onError)));
  };

  return {
    push(text) {
      if (finished || text.trim() === "") return;
      latest = text;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
    },
    async finish() {
      finished = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
