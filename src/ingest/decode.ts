/**
 * Decoding of source files. Chinese offices save text as UTF-8 (with or without a BOM) or as
 * GBK/GB18030; a few tools write UTF-16 with a BOM. The decoded text keeps a UTF-8 BOM as
 * U+FEFF so that offsets agree with `readFileSync(path, "utf8")`, which the Answer contract uses.
 */

export interface Decoded {
  text: string;
  /** "utf-8", "utf-8-bom", "utf-16le", "utf-16be" or "gb18030". */
  encoding: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes bytes, detecting the encoding; never throws (undecodable bytes become U+FFFD). */
export function decodeBytes(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes), encoding: "utf-8-bom" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "utf-16le" };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "utf-16be" };
  }
  try {
    return { text: strictUtf8.decode(bytes), encoding: "utf-8" };
  } catch {
    // Not valid UTF-8: GB18030 is a superset of GBK and GB2312, the other encodings in use.
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}
