/** The data files of index-data/ (places.json, glossary.json): read once, then cached. */
import { readFileSync } from "node:fs";

const cache = new Map<string, unknown>();

/** Reads and parses `index-data/<name>` once. */
export function dataFile<T>(name: string): T {
  if (!cache.has(name)) {
    const url = new URL(`../index-data/${name}`, import.meta.url);
    cache.set(name, JSON.parse(readFileSync(url, "utf8")));
  }
  return cache.get(name) as T;
}
