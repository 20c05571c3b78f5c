/**
 * Names people use for a document: its places (from the title, issuer and 文号 — not from the
 * body, since the Dalian plan talks about Shanghai throughout — falling back to the body's most
 * named place when the title names none), in Chinese and English, and its years.
 */
import type { PolicyDoc } from "../types.js";
import { places } from "./places.js";

/** "盐城市…", "江苏省…", "浦东新区…" at the start of a name. */
export const PLACE_PREFIX = /^(?:中共)?([\u4e00-\u9fa5]{2,3}?)(?:省|市|自治区|自治州|地区|新区|县)/;
/** Words that look like a place before 市/省 but are not one. */
export const GENERIC_PLACE = /^(全|本|各|该|我|城|超|省|市|县|地|某)/;

function placesOf(text: string): string[] {
  return places()
    .filter((p) => text.includes(p.zh))
    .map((p) => p.zh);
}

/** Aliases of a structured document (Chinese place names, English place names, years). */
export function aliasesOf(doc: PolicyDoc, body: string): string[] {
  const head = [doc.title, doc.issuer ?? "", doc.docNumber ?? ""].join(" ");
  // A place is the document's own when the issuer or the start of the title names it
  // ("大连市安监局…落实对标上海…方案" is Dalian's, not Shanghai's).
  let zh = placesOf(`${doc.issuer ?? ""} ${doc.title.slice(0, 6)}`);
  if (doc.docNumber) {
    const prefix = doc.docNumber[0]!;
    const abbrev: Record<string, string> = { 沪: "上海", 京: "北京", 津: "天津", 渝: "重庆" };
    if (abbrev[prefix]) zh.push(abbrev[prefix]);
  }
  if (zh.length === 0) {
    let best: string | null = null;
    let bestCount = 0;
    for (const p of places()) {
      const count = body.split(p.zh).length - 1;
      if (count > bestCount) {
        best = p.zh;
        bestCount = count;
      }
    }
    if (best && bestCount >= 3) zh = [best];
  }
  // A place outside the gazetteer still names the document when its issuer or title starts with
  // it ("盐城市应急管理局" → 盐城).
  for (const text of [doc.issuer ?? "", doc.title]) {
    const m = PLACE_PREFIX.exec(text);
    if (m && !GENERIC_PLACE.test(m[1]!)) zh.push(m[1]!);
  }
  zh = [...new Set(zh)];
  const en = zh.flatMap((z) => places().find((p) => p.zh === z)?.en ?? []);
  const years = new Set<string>();
  for (const m of head.matchAll(/(?:19|20)\d{2}/g)) years.add(m[0]);
  for (const d of doc.dates) if (d.kind !== "mentioned" && /^\d{4}/.test(d.iso)) years.add(d.iso.slice(0, 4));
  return [...zh, ...en, ...years];
}
