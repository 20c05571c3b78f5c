/** The place gazetteer (index-data/places.json): Chinese names with their English names. */
import { readFileSync } from "node:fs";

export interface Place {
  zh: string;
  en: string[];
}

let cache: Place[] | null = null;

/** Loads the gazetteer once. */
export function places(): Place[] {
  if (!cache) {
    const url = new URL("../../index-data/places.json", import.meta.url);
    cache = (JSON.parse(readFileSync(url, "utf8")) as { places: Place[] }).places;
  }
  return cache;
}

/** Places named in a text, longest names first, each once. */
export function placesIn(text: string): Place[] {
  const lower = text.toLowerCase();
  return places().filter(
    (p) => text.includes(p.zh) || p.en.some((e) => new RegExp(`\\b${e.toLowerCase()}\\b`).test(lower)),
  );
}
