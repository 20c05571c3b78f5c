/**
 * The `/policy reload` command (admins rebuild the index from the sources folder) and its replies,
 * as Answers in the asker's language. Pure.
 */
import type { Answer } from "../types.js";

/** True for "/policy reload" or "/policy 重新加载" (any case, surrounding spaces). */
export function isReloadCommand(question: string): boolean {
  return /^\s*\/policy\s+(reload|重新加载)\s*$/i.test(question);
}

/** What a reload did. */
export type ReloadOutcome =
  | { status: "swapped"; documents: number; ms: number }
  | { status: "failed"; reason: string };

/** The reply to `/policy reload`: refused (not an admin), or what the reload did. */
export function reloadReply(question: string, outcome: ReloadOutcome | "forbidden"): Answer {
  const zh = /[\u3400-\u9fff]/.test(question);
  const language = zh ? "zh" : "en";
  let answer: string;
  if (outcome === "forbidden") {
    answer = zh
      ? "只有管理员可以重新加载文件库（ADMIN_USERS 中列出的用户）。"
      : "Only administrators (the users listed in ADMIN_USERS) can reload the documents.";
  } else if (outcome.status === "swapped") {
    const s = (outcome.ms / 1000).toFixed(1);
    answer = zh
      ? `文件库已重新加载：${outcome.documents} 份文件，用时 ${s} 秒。`
      : `Reloaded the documents: ${outcome.documents} indexed in ${s} s.`;
  } else {
    answer = zh
      ? `重新加载失败，仍使用上一版索引回答：${outcome.reason}`
      : `The reload failed; still answering from the previous index: ${outcome.reason}`;
  }
  return {
    question,
    language,
    intent: "reload",
    found: outcome !== "forbidden" && outcome.status === "swapped",
    answer,
    citations: [],
  };
}
