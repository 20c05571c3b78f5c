import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  FORMAT_VERSION,
  type ManifestInput,
  readCurrent,
  readIndexFile,
  writeGeneration,
} from "../../src/index/store.js";
import { tempDirs } from "../helpers/temp.js";

const tempDir = tempDirs("store");

function input(build: number): ManifestInput {
  return {
    sources: { "a.txt": "11".repeat(32) },
    tokenizer: { name: "jieba-search", fingerprint: "ab".repeat(32) },
    embedding: { name: "local-lsa-char12-d128", dims: 128 },
    extra: { build },
  };
}

function files(build: number) {
  return {
    "passages.json": JSON.stringify({ build }),
    "vectors.bin": new Uint8Array([build, 1, 2, 3]),
    "written.txt": (path: string) => writeFileSync(path, `build ${build}`),
  };
}

const generations = (dir: string) => readdirSync(dir).filter((e) => e.startsWith("gen-"));

describe("index store", () => {
  it("returns null when there is no index", () => {
    const dir = tempDir();
    expect(readCurrent(dir)).toBeNull();
    expect(readCurrent(join(dir, "missing"))).toBeNull();
  });

  it("writes a generation, then switches CURRENT atomically to the next and removes the old one", () => {
    const dir = tempDir();
    const first = writeGeneration(dir, input(1), files(1));
    const read1 = readCurrent(dir)!;
    expect(read1.path).toBe(first.path);
    expect(read1.manifest.formatVersion).toBe(FORMAT_VERSION);
    expect(read1.manifest.extra).toEqual({ build: 1 });
    expect(read1.manifest.sources).toEqual(input(1).sources);
    expect(Object.keys(read1.manifest.files).sort()).toEqual(["passages.json", "vectors.bin", "written.txt"]);
    expect(readIndexFile(read1, "written.txt").toString()).toBe("build 1");
    expect(readFileSync(join(dir, "CURRENT"), "utf8").trim()).toBe(first.path.split(/[\\/]/).pop());
    expect(existsSync(join(first.path, ".building"))).toBe(false);

    const second = writeGeneration(dir, input(2), files(2));
    const read2 = readCurrent(dir)!;
    expect(read2.path).toBe(second.path);
    expect(read2.manifest.extra).toEqual({ build: 2 });
    expect(JSON.parse(readIndexFile(read2, "passages.json").toString())).toEqual({ build: 2 });
    expect(generations(dir)).toEqual([second.path.split(/[\\/]/).pop()]);
    expect(readdirSync(dir).filter((e) => e.startsWith("CURRENT.tmp"))).toEqual([]);
  });

  it("a crash mid-build keeps the previous generation loadable; the next build cleans the debris", () => {
    const dir = tempDir();
    writeGeneration(dir, input(1), files(1));
    const crash = (at: string) => (file: string) => {
      if (file === at) throw new Error(`simulated crash before ${file}`);
    };
    expect(() => writeGeneration(dir, input(2), files(2), { beforeWrite: crash("vectors.bin") })).toThrow(
      /simulated crash before vectors.bin/,
    );
    expect(() => writeGeneration(dir, input(3), files(3), { beforeWrite: crash("manifest.json") })).toThrow(
      /simulated crash/,
    );
    const current = readCurrent(dir)!;
    expect(current.manifest.extra).toEqual({ build: 1 });
    expect(JSON.parse(readIndexFile(current, "passages.json").toString())).toEqual({ build: 1 });
    expect(generations(dir)).toHaveLength(3); // the current one and two partial folders

    const next = writeGeneration(dir, input(4), files(4));
    expect(readCurrent(dir)!.manifest.extra).toEqual({ build: 4 });
    expect(generations(dir)).toEqual([next.path.split(/[\\/]/).pop()]);
  });

  it("leaves a live builder's generation alone and removes a dead builder's", () => {
    const dir = tempDir();
    writeGeneration(dir, input(1), files(1));
    const live = `gen-zzzz-${process.ppid}-aaaa`;
    mkdirSync(join(dir, live));
    writeFileSync(join(dir, live, ".building"), `${process.ppid}\n`);
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;
    const dead = `gen-zzzz-${deadPid}-bbbb`;
    mkdirSync(join(dir, dead));
    writeFileSync(join(dir, dead, ".building"), `${deadPid}\n`);
    writeFileSync(join(dir, `CURRENT.tmp-${deadPid}-cccc`), "gen-x\n");

    writeGeneration(dir, input(2), files(2));
    expect(existsSync(join(dir, live))).toBe(true);
    expect(existsSync(join(dir, dead))).toBe(false);
    expect(existsSync(join(dir, `CURRENT.tmp-${deadPid}-cccc`))).toBe(false);
  });

  it("returns null for an unknown formatVersion", () => {
    const dir = tempDir();
    const { path } = writeGeneration(dir, input(1), files(1));
    const manifestPath = join(path, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: FORMAT_VERSION + 1 }));
    const reasons: string[] = [];
    expect(readCurrent(dir, (r) => reasons.push(r))).toBeNull();
    expect(reasons.join()).toMatch(/unknown formatVersion/);
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: "1" }));
    expect(readCurrent(dir)).toBeNull();
    writeFileSync(manifestPath, JSON.stringify(manifest));
    expect(readCurrent(dir)).not.toBeNull();
  });

  it("returns null (never throws) for a damaged index", () => {
    const dir = tempDir();
    const { path } = writeGeneration(dir, input(1), files(1));
    // Truncated file.
    writeFileSync(join(path, "passages.json"), "{");
    expect(readCurrent(dir)).toBeNull();
    writeFileSync(join(path, "passages.json"), JSON.stringify({ build: 1 }));
    expect(readCurrent(dir)).not.toBeNull();
    // Same size, other bytes: readCurrent checks sizes, readIndexFile the hash.
    writeFileSync(join(path, "passages.json"), JSON.stringify({ build: 7 }));
    expect(() => readIndexFile(readCurrent(dir)!, "passages.json")).toThrow(/does not match/);
    // Bad manifest JSON, bad CURRENT, CURRENT pointing outside.
    const manifest = readFileSync(join(path, "manifest.json"), "utf8");
    writeFileSync(join(path, "manifest.json"), "{ not json");
    expect(readCurrent(dir)).toBeNull();
    writeFileSync(join(path, "manifest.json"), manifest);
    writeFileSync(join(dir, "CURRENT"), "../../etc\n");
    expect(readCurrent(dir)).toBeNull();
    writeFileSync(join(dir, "CURRENT"), "gen-nothere-1-ab\n");
    expect(readCurrent(dir)).toBeNull();
  });

  it("rejects file names that could escape the generation folder", () => {
    const dir = tempDir();
    expect(() => writeGeneration(dir, input(1), { "../x": "y" })).toThrow(/Invalid index file name/);
    expect(() => writeGeneration(dir, input(1), { "manifest.json": "y" })).toThrow(/Invalid index file name/);
    expect(readCurrent(dir)).toBeNull();
  });
});
