/** Wording shared by the answer composers: document and measure names, leads, excerpts. */

import { pinyin } from "pinyin-pro";
import { decodeEntities } from "../ingest/html-entities.js";
import { headingOf } from "../structure/outline-path.js";
import type { Lead, Measure, PolicyDoc } from "../types.js";
import { glossary } from "./glossary.js";

export type Lang = "zh" | "en";

/** 《title》 — Chinese names stay verbatim in both languages. */
export function docName(doc: PolicyDoc): string {
  return `《${doc.title}》`;
}

/** "第17项（学习上海信息化建设先进经验）" / 'measure 17 ("学习上海信息化建设先进经验")'. */
export function measureName(m: Measure, lang: Lang): string {
  if (lang === "en") return `measure ${m.number} (${headingOf(m)})`;
  return `第${m.number}项（${headingOf(m)}）`;
}

/** A quote for display: whitespace collapsed (the citation keeps it verbatim), cut at `max`. */
export function excerpt(quote: string, max = 160): string {
  // A page's markup between the words (an HTML source quoted verbatim) is not shown.
  const words = decodeEntities(quote.replace(/<[^<>]{0,2000}>/g, ""));
  // A line break inside a sentence (a PDF's, a page's) goes; a space the text puts between a
  // figure and its unit ("186 项", "第 56 号") or between two Latin words stays, as one space.
  const flat = words.replace(/\s+/g, (ws, at: number, all: string) => {
    const before = /[A-Za-z0-9]/.test(all[at - 1] ?? "");
    const after = /[A-Za-z0-9]/.test(all[at + ws.length] ?? "");
    return (before && after) || ((before || after) && !/\n/.test(ws) && at > 0 && at + ws.length < all.length)
      ? " "
      : "";
  });
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const ROLE_EN: Record<string, string> = {
  牵头: "lead",
  牵头负责: "lead",
  分别牵头负责: "each leads a part",
  分别牵头: "each leads a part",
  共同牵头: "joint lead",
  配合: "supporting",
  参与: "participating",
  协办: "co-organiser",
  负责: "responsible",
  具体负责: "responsible",
  责任单位: "responsible unit",
  牵头单位: "lead unit",
  牵头部门: "lead department",
  配合单位: "supporting unit",
  配合部门: "supporting department",
};

/** Groups leads by role, keeping the order of the text. */
export function groupByRole(leads: Lead[]): { role: string | null; person: boolean; names: string[] }[] {
  const groups: { role: string | null; person: boolean; names: string[] }[] = [];
  for (const l of leads) {
    const person = l.kind === "person";
    const g = groups.find((x) => x.role === l.role && x.person === person);
    if (g) g.names.push(l.name);
    else groups.push({ role: l.role, person, names: [l.name] });
  }
  return groups;
}

/** "贾德荣、花梅同志牵头负责" / "**贾德荣**, **花梅** (牵头负责 — lead)". */
export function leadsPhrase(leads: Lead[], lang: Lang): string {
  return groupByRole(leads)
    .map((g) => {
      if (lang === "en") {
        const names = g.names.map((n) => `**${n}**${englishGloss(n, g.person)}`).join(", ");
        return g.role ? `${names} (${g.role} — ${ROLE_EN[g.role] ?? "role as written"})` : names;
      }
      const names = g.names.map((n) => `**${n}**`).join("、");
      if (g.person) return `${names}同志${g.role ?? "负责"}`;
      if (!g.role) return `${names}负责`;
      if (/单位|部门|处室|主体/.test(g.role)) return `${g.role}为${names}`;
      return `${names}${g.role}`;
    })
    .join(lang === "en" ? "; " : "；");
}

/** The role of one lead for display: "牵头负责" / "(lead)". */
export function roleLabel(lead: Lead, lang: Lang): string {
  if (!lead.role) return "";
  return lang === "en" ? ` (${lead.role} — ${ROLE_EN[lead.role] ?? "role as written"})` : `（${lead.role}）`;
}

/**
 * An English answer's translation of a name, in brackets: a unit's English name from the
 * glossary (" (Personnel Division)"), a person's name in pinyin (" (Hua Mei)"); "" when unknown.
 */
export function englishGloss(name: string, person: boolean): string {
  if (person) {
    const [family, ...given] = pinyin(name, { toneType: "none", type: "array" });
    const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
    return family ? ` (${cap(family)} ${cap(given.join(""))})`.replace(/ \)$/, ")") : "";
  }
  const entry = glossary().find((e) => e.zh.length === 1 && e.zh[0] === name && e.en[0]!.includes(" "));
  if (!entry) return "";
  return ` (${entry.en[0]!.replace(/\b[a-z]/g, (c) => c.toUpperCase()).replace(/\b(And|Of|The)\b/g, (w) => w.toLowerCase())})`;
}
