/** Temporary folders for a test file, removed after its tests. */
import { copyFileSync, linkSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

/** Returns a maker of fresh temp folders (policybot-<prefix>-…), all removed after the file's tests. */
export function tempDirs(prefix: string): () => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `policybot-${prefix}-`));
    dirs.push(d);
    return d;
  };
}

/**
 * Puts the file `from` at `to` without copying it when it can (a hard link: a regular file to the
 * sources folder, which never follows symbolic links), else as a copy (another file system).
 */
export function placeFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
