/**
 * The prompts of LLM mode, kept as files under `prompts/<zh|en>/` (system, answer, summary,
 * query-rewrite) so they can be read and changed without touching code. `{{name}}` slots are
 * filled with text the caller has already fenced (see grounding.ts); a slot's value is inserted
 * once, literally, so text inside it is never read as another slot.
 */
import { readFileSync } from "node:fs";

export type PromptName = "system" | "answer" | "summary" | "query-rewrite";
export type PromptLang = "zh" | "en";

const DIR = new URL("../../../prompts/", import.meta.url);
const cache = new Map<string, string>();

/** The text of a prompt file. */
export function promptText(lang: PromptLang, name: PromptName): string {
  const key = `${lang}/${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(new URL(`${key}.md`, DIR), "utf8");
    cache.set(key, text);
  }
  return text;
}

/** Fills the `{{slots}}` of a template in one pass; an unknown slot becomes empty. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => values[name] ?? "");
}

/** A prompt file with its slots filled. */
export function renderPrompt(lang: PromptLang, name: PromptName, values: Record<string, string>): string {
  return fill(promptText(lang, name), values).trim();
}
