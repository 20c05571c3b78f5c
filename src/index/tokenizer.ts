/**
 * Chinese + English tokenizer on jieba (search mode).
 *
 * `tokenize` lower-cases (after NFKC, so full-width "ＧＤＰ１７" reads as "gdp17"), cuts with jieba's
 * search mode — a long word yields its dictionary parts as well as itself (安全生产 → 安全, 生产,
 * 安全生产) — and drops punctuation and whitespace. ASCII words and numbers are kept as whole tokens.
 *
 * Names of units and persons (规划科技处, 市经济信息化委, 花梅) are loaded as user words so that
 * they stay whole; a small built-in lexicon of policy compounds (`POLICY_LEXICON`) does the same for
 * words jieba's dictionary lacks (安全生产, 营商环境, …). Everything that changes the tokens — the
 * jieba version, the tokenizer rules, the lexicon and the user words — goes into `fingerprint`, so
 * an index built with other tokens is detected and rebuilt.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/** A tokenizer with the identity of its dictionary. */
export interface Tokenizer {
  /** "jieba-search". */
  readonly name: string;
  /** sha256 (hex) of the jieba version, the tokenizer rules version, the lexicon and the user words. */
  readonly fingerprint: string;
  /** Tokens in text order (search mode: a word's parts come before the word), duplicates kept. */
  tokenize(text: string): string[];
}

/** Bump when the normalisation or filtering rules below change (it is part of the fingerprint). */
const RULES_VERSION = 1;

/** Frequency given to user words: high enough that a name always wins over a split. */
const USER_WORD_FREQ = 100_000;
/** Frequency given to lexicon words: enough to beat the split into two common words. */
const LEXICON_FREQ = 20_000;

/**
 * Policy compounds that jieba's dictionary lacks but that policy documents and questions use as
 * one word. In search mode each still yields its parts (安全生产 → 安全, 生产, 安全生产).
 */
export const POLICY_LEXICON: readonly string[] = [
  "安全生产",
  "安全监管",
  "安全管理",
  "应急管理",
  "应急管理局",
  "应急救援",
  "应急演练",
  "监督管理",
  "监督检查",
  "行政审批",
  "行政执法",
  "行政许可",
  "营商环境",
  "放管服",
  "审改",
  "事中事后",
  "隐患排查",
  "隐患治理",
  "风险管控",
  "双重预防",
  "主体责任",
  "安全责任",
  "职业健康",
  "危险化学品",
  "危化品",
  "智慧安监",
  "执法检查",
  "执法监督",
  "信息平台",
  "一网通办",
  "证照分离",
  "安监局",
  "安监",
];

/** Words that carry no content in a question or a passage (Chinese function words, English). */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // Chinese function words and question words
  "的",
  "了",
  "和",
  "与",
  "及",
  "以及",
  "或",
  "或者",
  "并",
  "等",
  "在",
  "是",
  "对",
  "为",
  "把",
  "被",
  "由",
  "从",
  "于",
  "将",
  "之",
  "其",
  "也",
  "都",
  "而",
  "以",
  "这",
  "那",
  "这个",
  "那个",
  "哪",
  "哪个",
  "哪些",
  "什么",
  "谁",
  "呢",
  "吗",
  "吧",
  "啊",
  "么",
  "怎么",
  "怎样",
  "如何",
  "是否",
  "一下",
  "请",
  "我",
  "你",
  "有",
  // English
  "a",
  "an",
  "the",
  "of",
  "and",
  "or",
  "to",
  "in",
  "on",
  "for",
  "by",
  "with",
  "from",
  "at",
  "as",
  "about",
  "is",
  "are",
  "was",
  "were",
  "be",
  "been",
  "do",
  "does",
  "did",
  "what",
  "which",
  "who",
  "whom",
  "whose",
  "how",
  "when",
  "where",
  "this",
  "that",
  "these",
  "those",
  "it",
  "its",
  "me",
  "please",
]);

/** True for a token with no letter and no digit (punctuation, whitespace, symbols). */
const NO_CONTENT = /^[^\p{L}\p{N}]*$/u;
/** Leading/trailing non-letters, non-digits ("7.5%" → "7.5", "-based" → "based"). */
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The text as tokenized: NFKC (full-width → ASCII) and lower case. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** A user word as loaded into the dictionary: normalised, whitespace removed; "" when unusable. */
function normalizeWord(word: string): string {
  return normalizeText(word).replace(/\s+/gu, "");
}

let jiebaVersion: string | undefined;
/** The installed @node-rs/jieba version (its dictionary and segmentation rules go with it). */
export function getJiebaVersion(): string {
  if (jiebaVersion === undefined) {
    const require = createRequire(import.meta.url);
    jiebaVersion = (require("@node-rs/jieba/package.json") as { version: string }).version;
  }
  return jiebaVersion;
}

/** Tokenizers by fingerprint: a jieba instance costs ~150 ms to build, so equal ones are shared. */
const cache = new Map<string, Tokenizer>();

/**
 * Create (or reuse) a tokenizer whose dictionary holds jieba's default words, `POLICY_LEXICON` and
 * `userWords` (unit and person names). Whitespace inside a user word is removed.
 */
export function createTokenizer(userWords: readonly string[] = []): Tokenizer {
  const users = [...new Set(userWords.map(normalizeWord).filter((w) => w.length > 0))].sort();
  const lexicon = [...new Set(POLICY_LEXICON.map(normalizeWord))].sort();
  const fingerprint = createHash("sha256")
    .update(`jieba@${getJiebaVersion()}\nrules@${RULES_VERSION}\n`)
    .update(`lexicon\n${lexicon.join("\n")}\nusers\n${users.join("\n")}\n`)
    .digest("hex");
  const cached = cache.get(fingerprint);
  if (cached) return cached;

  const jieba = Jieba.withDict(dict);
  const lines = [
    ...lexicon.map((w) => `${w} ${LEXICON_FREQ} n`),
    ...users.map((w) => `${w} ${USER_WORD_FREQ} n`),
  ];
  if (lines.length > 0) jieba.loadDict(Buffer.from(`${lines.join("\n")}\n`, "utf8"));

  const tokenizer: Tokenizer = {
    name: "jieba-search",
    fingerprint,
    tokenize(text: string): string[] {
      const out: string[] = [];
      if (text.length === 0) return out;
      for (const raw of jieba.cutForSearch(normalizeText(text), true)) {
        if (NO_CONTENT.test(raw)) continue;
        const token = raw.replace(EDGE_PUNCT, "");
        if (token.length > 0) out.push(token);
      }
      return out;
    },
  };
  cache.set(fingerprint, tokenizer);
  return tokenizer;
}

/** Tokens without stop words. */
export function removeStopWords(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !STOP_WORDS.has(t));
}

/**
 * Content tokens of a text: `tokenizer.tokenize(text)` without stop words. Uses a tokenizer with
 * no user words unless one is given.
 */
export function contentTokens(text: string, tokenizer: Tokenizer = createTokenizer()): string[] {
  return removeStopWords(tokenizer.tokenize(text));
}
