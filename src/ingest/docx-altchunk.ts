import { decodeEntities } from "./html-entities.js";

/**
 * Word files whose body is an "altChunk": the text lives in an embedded HTML or MHTML part
 * (word/afchunk.mht) that Word renders, and word/document.xml holds no paragraph text — what
 * converters from web pages write. mammoth reads nothing from them, so the embedded part is read
 * here: MIME parts decoded (quoted-printable, base64; utf-8 or GBK), the HTML's blocks one per line.
 */

/** The text of the HTML parts a .docx embeds as altChunks, in document order; "" when none. */
export async function altChunkText(bytes: Uint8Array): Promise<string> {
  const { default: JSZip } = await import("jszip");
  const zip = await JSZip.loadAsync(bytes);
  const rels = (await zip.file("word/_rels/document.xml.rels")?.async("string")) ?? "";
  const targets = [...rels.matchAll(/<Relationship\b[^>]*\/aFChunk"[^>]*>/g)]
    .map((m) => /Target="([^"]+)"/.exec(m[0])?.[1])
    .filter((t): t is string => Boolean(t))
    .map((t) => (t.startsWith("/") ? t.slice(1) : `word/${t}`));
  const texts: string[] = [];
  for (const target of targets) {
    const part = zip.file(target);
    if (!part) continue;
    const raw = await part.async("uint8array");
    texts.push(htmlToLines(/\.mht(ml)?$/i.test(target) ? mhtHtml(raw) : decodeCharset(raw, "utf-8")));
  }
  return texts.filter((t) => t.trim() !== "").join("\n");
}

function decodeCharset(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase() === "gb2312" ? "gbk" : charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** The first text/html part of an MHTML file, decoded. */
function mhtHtml(bytes: Uint8Array): string {
  const latin = Buffer.from(bytes).toString("latin1");
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(latin)?.[1];
  const parts = boundary ? latin.split(`--${boundary}`) : [latin];
  for (const part of parts) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = part.slice(0, split);
    if (!/content-type:\s*text\/html/i.test(head)) continue;
    const body = part.slice(split).replace(/^\r?\n\r?\n/, "");
    const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
    const charset = /charset="?([\w-]+)"?/i.exec(head)?.[1] ?? "utf-8";
    let decoded: Buffer;
    if (encoding === "quoted-printable") {
      const joined = body.replace(/=\r?\n/g, "");
      decoded = Buffer.from(
        joined.replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
        "latin1",
      );
    } else if (encoding === "base64") decoded = Buffer.from(body.replace(/\s+/g, ""), "base64");
    else decoded = Buffer.from(body, "latin1");
    return decodeCharset(decoded, charset);
  }
  return "";
}

/** An HTML page as lines of text: one block (p, h1–h6, li, tr, br, div) a line, tags dropped. */
export function htmlToLines(html: string): string {
  const body = /<body\b[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  const text = body
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\/?(p|br|div|li|h[1-6]|tr|table|ul|ol|section|article|blockquote)\b[^>]*>/gi, "\n")
    .replace(/<\/t[dh]>/gi, "\t")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""))
    .filter((l) => l.trim() !== "")
    .join("\n")
    .concat("\n");
}
