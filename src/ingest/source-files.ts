/**
 * The files of the sources folder, inside its boundary: listed with `lstat` (a symbolic link is
 * never followed — it is reported and skipped, so that a link to /etc/passwd or to a .env is never
 * read, served or quoted), opened with O_NOFOLLOW (a file swapped for a link after listing is not
 * followed either), every path checked to lie inside the folder. A file that cannot be examined is
 * reported; nothing here throws for one file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { SourceFormatError, type SourceProblem } from "./source-problem.js";

/** File extensions policybot indexes. */
export const SOURCE_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"];

/** True when `name` has an indexed extension. */
export function hasSourceExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return SOURCE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** True for a plain file name: not empty, no folder separator, not "." or "..", no NUL. */
export function isPlainName(name: string): boolean {
  return name !== "" && name !== "." && name !== ".." && !name.includes("\0") && !/[/\\]/.test(name);
}

/**
 * The path of `name` in `dir` when it lies inside `dir` (no "..", no absolute path, no folder
 * separator: sources are the folder's own files), else undefined.
 */
export function pathInside(dir: string, name: string): string | undefined {
  if (!isPlainName(name)) return undefined;
  const root = resolve(dir);
  const path = resolve(root, name);
  const rel = relative(root, path);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
  return path;
}

export interface SourceListing {
  /** Regular files with an indexed extension, sorted by name. */
  files: string[];
  /** Links and files that could not be examined. */
  problems: SourceProblem[];
}

/** Lists the indexable files of a folder (not recursive), sorted; throws only when the folder cannot be read. */
export function listSourceFiles(dir: string): SourceListing {
  const files: string[] = [];
  const problems: SourceProblem[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!hasSourceExtension(name)) continue;
    const path = pathInside(dir, name);
    if (path === undefined) continue;
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch (err) {
      problems.push({ source: name, code: "unreadable", message: `skipped: ${(err as Error).message}` });
      continue;
    }
    if (stat.isSymbolicLink()) problems.push(linkProblem(name));
    else if (stat.isFile()) files.push(name);
  }
  return { files, problems };
}

export function linkProblem(source: string): SourceProblem {
  return {
    source,
    code: "link",
    message:
      "skipped: it is a symbolic link, and links are not followed (so that no file outside the sources folder is read); copy the document itself into the folder",
  };
}

/**
 * Reads one source file's bytes without following a link, refusing more than `maxBytes` before
 * reading them. Throws a SourceFormatError ("link", "too-large", "unreadable") for a file it will not read.
 */
export function readSourceFile(dir: string, name: string, maxBytes: number): Buffer {
  const path = pathInside(dir, name);
  if (path === undefined)
    throw new SourceFormatError("unreadable", "the name does not lie inside the sources folder");
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK")
      throw new SourceFormatError("link", linkProblem(name).message.slice(9));
    throw new SourceFormatError("unreadable", (err as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new SourceFormatError("unreadable", "it is not a regular file");
    if (stat.size > maxBytes) throw new SourceFormatError("too-large", `larger than ${maxBytes} bytes`);
    const bytes = Buffer.alloc(stat.size);
    let at = 0;
    while (at < stat.size) {
      const n = readSync(fd, bytes, at, stat.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === stat.size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
