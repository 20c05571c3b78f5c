/**
 * Atomic persistence of an index directory (default `index-data/index/`).
 *
 * Layout:
 *
 * ```
 * index-data/index/
 *   CURRENT                  "gen-<id>\n" — the generation readers use
 *   gen-<id>/                one complete build: its files, then manifest.json (written last)
 *   gen-<id>/.building       present while a build is in progress (holds the builder's pid)
 * ```
 *
 * `writeGeneration` writes every file of a build into a fresh `gen-<id>/`, fsyncs each file, the
 * manifest and the folder, then replaces `CURRENT` atomically (write a temporary file, fsync,
 * rename, fsync the directory). Only then are older generations and debris of crashed builds
 * removed. A crash at any point before the rename leaves the previous generation as CURRENT.
 *
 * `readCurrent` returns null — never throws — when there is no index, when it is damaged (a
 * missing or truncated file, unparsable manifest) or when its `formatVersion` is unknown: the
 * caller then rebuilds.
 *
 * Concurrent builders in separate processes do not corrupt each other (the last switch wins, and
 * a build in progress by a live process is never removed); a reader that is reading a generation
 * while another process removes it sees an error and should treat it like a missing index.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** The version of the manifest and layout written by this module. Readers refuse any other. */
export const FORMAT_VERSION = 1;

/** The default index directory, relative to the working directory. */
export const DEFAULT_INDEX_DIR = join("index-data", "index");

const CURRENT = "CURRENT";
const MANIFEST = "manifest.json";
const BUILDING = ".building";
const GEN_NAME = /^gen-[a-z0-9]+-[0-9]+-[0-9a-f]+$/;
const TMP_CURRENT = /^CURRENT\.tmp-([0-9]+)-[0-9a-f]+$/;

/** A file of the index, as written to the generation folder. */
export interface ManifestFile {
  bytes: number;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
}

/** What a generation holds, in `manifest.json`. */
export interface IndexManifest {
  /** The layout's version (`FORMAT_VERSION` at write time). */
  formatVersion: number;
  /** ISO 8601 time of the build. */
  createdAt: string;
  /** The source files the index was built from: file name → sha256 of its bytes. */
  sources: Record<string, string>;
  /** The tokenizer the index's tokens came from; its fingerprint changes with the dictionary. */
  tokenizer: { name: string; fingerprint: string };
  /** The embedding the vectors came from, and their length. */
  embedding: { name: string; dims: number };
  /** The generation's files (besides the manifest), with sizes and hashes. */
  files: Record<string, ManifestFile>;
  /** Anything else the writer wants to keep (counts, options, …). */
  extra: Record<string, unknown>;
}

/** What the caller supplies; the store adds formatVersion, createdAt and files. */
export interface ManifestInput {
  sources: Record<string, string>;
  tokenizer: { name: string; fingerprint: string };
  embedding: { name: string; dims: number };
  extra?: Record<string, unknown>;
}

/**
 * A file's content: text (UTF-8), bytes, or a function that writes the file itself at the path
 * it is given (for libraries that only write to paths, like hnswlib).
 */
export type FileContent = string | Uint8Array | ((path: string) => void);

/** Options of `writeGeneration`. */
export interface WriteOptions {
  /**
   * Called before each file is written, with the file's name and its position (0-based; the
   * manifest comes last). Tests throw here to simulate a crash midway through a build.
   */
  beforeWrite?: (file: string, position: number) => void;
  /** The clock for `createdAt`. Default `() => new Date()`. */
  now?: () => Date;
}

/** A generation that can be read. */
export interface CurrentIndex {
  manifest: IndexManifest;
  /** Absolute or relative path of the generation folder (as `dir` was given). */
  path: string;
}

/** Generations being written by this process (not to be removed by a concurrent cleanup). */
const active = new Set<string>();

/**
 * Write a new generation holding `files` and switch CURRENT to it. Returns the new generation.
 * On any error the previous generation stays CURRENT and the error is rethrown; the partial
 * folder is left for the next build's cleanup (as after a real crash).
 */
export function writeGeneration(
  dir: string,
  input: ManifestInput,
  files: Record<string, FileContent>,
  options: WriteOptions = {},
): CurrentIndex {
  for (const name of Object.keys(files)) {
    if (name === MANIFEST || name === BUILDING || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new Error(`Invalid index file name: ${JSON.stringify(name)}`);
    }
  }
  mkdirSync(dir, { recursive: true });
  const now = options.now ?? (() => new Date());
  const genName = `gen-${now().getTime().toString(36)}-${process.pid}-${randomBytes(4).toString("hex")}`;
  const genPath = join(dir, genName);
  active.add(genName);
  try {
    mkdirSync(genPath);
    writeDurably(join(genPath, BUILDING), `${process.pid}\n`);
    const described: Record<string, ManifestFile> = {};
    let position = 0;
    for (const [name, content] of Object.entries(files)) {
      options.beforeWrite?.(name, position++);
      const path = join(genPath, name);
      if (typeof content === "function") {
        content(path);
        fsyncFile(path);
      } else {
        writeDurably(path, content);
      }
      described[name] = describeFile(path);
    }
    const manifest: IndexManifest = {
      formatVersion: FORMAT_VERSION,
      createdAt: now().toISOString(),
      sources: { ...input.sources },
      tokenizer: { ...input.tokenizer },
      embedding: { ...input.embedding },
      files: described,
      extra: { ...(input.extra ?? {}) },
    };
    options.beforeWrite?.(MANIFEST, position);
    writeDurably(join(genPath, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncDir(genPath);

    // The switch: CURRENT is replaced in one rename.
    const tmp = join(dir, `${CURRENT}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
    writeDurably(tmp, `${genName}\n`);
    renameSync(tmp, join(dir, CURRENT));
    fsyncDir(dir);

    rmSync(join(genPath, BUILDING), { force: true });
    removeStale(dir);
    return { manifest, path: genPath };
  } finally {
    active.delete(genName);
  }
}

/**
 * The generation CURRENT points to, with its manifest; null when there is none, when it is
 * damaged (missing CURRENT, folder, manifest or file; a file of the wrong size; bad JSON) or when
 * its formatVersion is not `FORMAT_VERSION`. Never throws. `onInvalid` hears why it returned null.
 */
export function readCurrent(dir: string, onInvalid?: (reason: string) => void): CurrentIndex | null {
  const fail = (reason: string): null => {
    onInvalid?.(reason);
    return null;
  };
  try {
    let genName: string;
    try {
      genName = readFileSync(join(dir, CURRENT), "utf8").trim();
    } catch {
      return fail(`no index in ${dir}`);
    }
    if (!GEN_NAME.test(genName)) return fail(`CURRENT names no generation: ${JSON.stringify(genName)}`);
    const path = join(dir, genName);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(path, MANIFEST), "utf8"));
    } catch (e) {
      return fail(`unreadable manifest in ${path}: ${(e as Error).message}`);
    }
    const problem = manifestProblem(raw);
    if (problem) return fail(`${path}: ${problem}`);
    const manifest = raw as IndexManifest;
    for (const [name, file] of Object.entries(manifest.files)) {
      let size: number;
      try {
        size = statSync(join(path, name)).size;
      } catch {
        return fail(`${path}: file ${name} is missing`);
      }
      if (size !== file.bytes) return fail(`${path}: file ${name} has ${size} bytes, expected ${file.bytes}`);
    }
    return { manifest, path };
  } catch (e) {
    return fail(`unreadable index in ${dir}: ${(e as Error).message}`);
  }
}

/**
 * Read one file of a generation and check it against the manifest's sha256; throws when it is
 * missing, not listed or altered.
 */
export function readIndexFile(current: CurrentIndex, name: string): Buffer {
  const described = current.manifest.files[name];
  if (!described) throw new Error(`${name} is not a file of the index at ${current.path}`);
  const bytes = readFileSync(join(current.path, name));
  if (bytes.byteLength !== described.bytes || sha256(bytes) !== described.sha256) {
    throw new Error(`${name} in ${current.path} does not match its manifest`);
  }
  return bytes;
}

/** Why `raw` is not a manifest this version can read, or null when it is one. */
function manifestProblem(raw: unknown): string | null {
  if (!isObject(raw)) return "manifest is not an object";
  if (raw.formatVersion !== FORMAT_VERSION) {
    return `unknown formatVersion ${JSON.stringify(raw.formatVersion)} (this version reads ${FORMAT_VERSION})`;
  }
  if (typeof raw.createdAt !== "string") return "manifest lacks createdAt";
  if (!isObject(raw.sources) || !Object.values(raw.sources).every((h) => typeof h === "string")) {
    return "manifest sources are not {file: sha256}";
  }
  const t = raw.tokenizer;
  if (!isObject(t) || typeof t.name !== "string" || typeof t.fingerprint !== "string") {
    return "manifest tokenizer is not {name, fingerprint}";
  }
  const e = raw.embedding;
  if (!isObject(e) || typeof e.name !== "string" || typeof e.dims !== "number") {
    return "manifest embedding is not {name, dims}";
  }
  if (!isObject(raw.files)) return "manifest lacks files";
  for (const [name, f] of Object.entries(raw.files)) {
    if (name.includes("/") || name.includes("\\") || name.startsWith(".")) return `bad file name ${name}`;
    if (!isObject(f) || typeof f.bytes !== "number" || typeof f.sha256 !== "string") {
      return `manifest entry of ${name} is not {bytes, sha256}`;
    }
  }
  if (!isObject(raw.extra)) return "manifest extra is not an object";
  return null;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * Remove every generation other than CURRENT's that no live build owns (older generations,
 * folders of crashed builds) and stale temporary CURRENT files. Runs after each switch.
 */
export function removeStale(dir: string): void {
  let current = "";
  try {
    current = readFileSync(join(dir, CURRENT), "utf8").trim();
  } catch {
    // No CURRENT: every generation is debris.
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === current || entry === CURRENT) continue;
    if (entry.startsWith("gen-")) {
      if (active.has(entry)) continue;
      const owner = builderPid(join(dir, entry));
      if (owner !== null && owner !== process.pid && isAlive(owner)) continue;
      removeQuietly(join(dir, entry));
    } else {
      const m = TMP_CURRENT.exec(entry);
      if (!m) continue;
      const pid = Number(m[1]);
      if (pid !== process.pid && isAlive(pid)) continue;
      removeQuietly(join(dir, entry));
    }
  }
}

/** Best-effort removal: debris that cannot be removed now (a reader holds it open on Windows, …)
 *  is retried by the next build and never fails this one. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Left for the next cleanup.
  }
}

/** The pid in a generation's `.building` marker, or null for a finished generation. */
function builderPid(genPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(genPath, BUILDING), "utf8"), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Size and sha256 of a file, read in chunks (index files can be hundreds of megabytes). */
function describeFile(path: string): ManifestFile {
  const fd = openSync(path, "r");
  try {
    const hash = createHash("sha256");
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0;
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
    return { bytes, sha256: hash.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Write a file and fsync it before closing. */
function writeDurably(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, "w");
  try {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let off = 0;
    while (off < data.byteLength) off += writeSync(fd, data, off, data.byteLength - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a directory so that a rename or a new entry in it is durable (not supported on Windows). */
function fsyncDir(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
