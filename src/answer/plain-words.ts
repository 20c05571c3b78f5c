/**
 * Everyday words and the words official texts write for them (index-data/plain-words.json): "孩子"
 * is held by 子女, "醉驾" by 醉酒驾驶, "房东" by 出租人. Written from general usage, read once.
 */
import { dataFile } from "../data-files.js";

/** The official forms of an everyday word; none for most words. */
export function officialForms(word: string): string[] {
  return dataFile<{ pairs: Record<string, string[]> }>("plain-words.json").pairs[word] ?? [];
}
