/**
 * Watches the sources folder and calls `onChange` once a burst of changes has settled (debounced):
 * a document added, changed, renamed or deleted. When the folder itself disappears, the watch
 * reports it once (`onGone`) and polls until the folder is back, then watches it again and calls
 * `onChange`. Never throws after it has started.
 */
import { type FSWatcher, statSync, watch } from "node:fs";

export interface WatchSourcesOptions {
  /** Quiet time after the last change before `onChange` is called, in ms; default 500. */
  debounceMs?: number;
  /** How often a missing folder is looked for, in ms; default 2000. */
  pollMs?: number;
  /** Called once when the folder disappears (and again after it came back and went again). */
  onGone?: () => void;
}

export interface SourcesWatch {
  close(): void;
}

/** Starts watching `dir` (which may be missing now: then it waits for it). */
export function watchSources(
  dir: string,
  onChange: (reason: string) => void,
  options: WatchSourcesOptions = {},
): SourcesWatch {
  const debounceMs = options.debounceMs ?? 500;
  const pollMs = options.pollMs ?? 2000;
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let closed = false;

  const gone = () => {
    watcher?.close();
    watcher = undefined;
    if (closed || poll) return;
    options.onGone?.();
    poll = setInterval(() => {
      if (!isDirectory(dir)) return;
      clearInterval(poll);
      poll = undefined;
      if (start()) onChange("the sources folder is back");
    }, pollMs);
    poll.unref();
  };

  const settled = () => {
    debounce = undefined;
    if (closed) return;
    if (!isDirectory(dir)) {
      gone();
      return;
    }
    // Watch afresh: the folder may have been replaced by another one under the same name.
    watcher?.close();
    if (start()) onChange("the sources changed");
  };

  const start = (): boolean => {
    try {
      watcher = watch(dir, { persistent: false }, () => {
        if (debounce) clearTimeout(debounce);
        debounce = setTimeout(settled, debounceMs);
        debounce.unref();
      });
      watcher.on("error", () => gone());
      return true;
    } catch {
      gone();
      return false;
    }
  };

  start();
  return {
    close() {
      closed = true;
      watcher?.close();
      if (debounce) clearTimeout(debounce);
      if (poll) clearInterval(poll);
    },
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
