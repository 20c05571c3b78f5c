/** Human-readable rendering of an Answer for the terminal. */
import type { Answer } from "../types.js";

export function formatAnswer(a: Answer): string {
  const lines = [a.answer, ""];
  for (const c of a.citations) {
    const flat = c.quote.replace(/\s+/g, " ").trim();
    const page = c.page === undefined ? "" : ` p. ${c.page}`;
    lines.push(`[${c.id}] ${c.title} › ${c.section} (${c.source}${page} ${c.start}–${c.end})`);
    lines.push(`    「${flat.length > 160 ? `${flat.slice(0, 160)}…` : flat}」`);
  }
  if (!a.found) lines.push("(not found in the documents)");
  return lines.join("\n").trimEnd();
}
