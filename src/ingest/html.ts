/**
 * HTML sources keep their markup: tags, scripts, styles and the page head are marked as noise so
 * that offsets still point into the file as read. Block-level tags count as line breaks for the
 * structure stage (see `BLOCK_TAG`).
 */
import type { NoiseSpan } from "../types.js";
import { chromeElements } from "./html-comments.js";
import { findNoise } from "./noise.js";

/** Tags that end a line of text when a page is read as a document. */
export const BLOCK_TAG = /^<\/?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|hr)\b/i;
/** A block-level tag anywhere in a run of markup (several tags merged into one noise span). */
export const HAS_BLOCK_TAG =
  /<\/?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|hr)\b/i;

/**
 * Elements hidden from the reader (`style="display:none"`): a page's print or share copy of the
 * whole text, which would otherwise be read twice. Nested elements of the same tag are counted.
 */
function hiddenElements(html: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const closes = new Map<string, Map<number, number>>();
  const open = /<(div|span|section|p)\b[^>]{0,2000}?display\s*:\s*none[^>]{0,2000}>/gi;
  for (const m of html.matchAll(open)) {
    if (out.length && m.index < out[out.length - 1]!.end) continue;
    const tag = m[1]!.toLowerCase();
    if (!closes.has(tag)) closes.set(tag, matchingCloses(html, tag));
    const end = closes.get(tag)!.get(m.index);
    if (end !== undefined) out.push({ start: m.index, end });
  }
  return out;
}

/**
 * For every `<tag …>` of a page, the end of the `</tag>` that closes it (nested elements of the same
 * tag counted), in one pass with a stack; an element never closed has no entry.
 */
function matchingCloses(html: string, tag: string): Map<number, number> {
  const ends = new Map<number, number>();
  const stack: number[] = [];
  for (const t of html.matchAll(new RegExp(`<(/?)${tag}\\b[^>]{0,2000}>`, "gi"))) {
    if (!t[1]) stack.push(t.index);
    else if (stack.length > 0) ends.set(stack.pop()!, t.index + t[0].length);
  }
  return ends;
}

/** Noise spans of an HTML page: chrome blocks and every tag, plus the text-level rules of noise.ts. */
export function findHtmlNoise(html: string): NoiseSpan[] {
  const spans: NoiseSpan[] = [];
  // Scripts, styles, the head… and comments, in one linear pass (a lazy regex was quadratic on
  // unclosed ones).
  for (const c of chromeElements(html)) spans.push({ ...c, kind: "site-chrome" });
  for (const h of hiddenElements(html)) spans.push({ ...h, kind: "site-chrome" });
  for (const m of html.matchAll(/<[^<>]{0,2000}>|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,5});/gi)) {
    spans.push({ start: m.index, end: m.index + m[0].length, kind: "markup" });
  }
  // Text-level chrome (footers, counters…) is found on the text with tags blanked out, so that
  // offsets are unchanged.
  const blanked = html.replace(/<[^<>]{0,2000}>/g, (t) =>
    BLOCK_TAG.test(t) ? `\n${" ".repeat(t.length - 1)}` : " ".repeat(t.length),
  );
  for (const n of findNoise(blanked)) spans.push(n);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NoiseSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}
