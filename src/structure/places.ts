/** The place gazetteer (index-data/places.json): Chinese names with their English names. */
import { dataFile } from "../data-files.js";

export interface Place {
  zh: string;
  en: string[];
}

/** The gazetteer's places. */
export function places(): Place[] {
  return dataFile<{ places: Place[] }>("places.json").places;
}

/** Places named in a text, longest names first, each once. */
export function placesIn(text: string): Place[] {
  const lower = text.toLowerCase();
  return places().filter(
    (p) => text.includes(p.zh) || p.en.some((e) => new RegExp(`\\b${e.toLowerCase()}\\b`).test(lower)),
  );
}
