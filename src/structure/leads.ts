/**
 * Responsibility annotations, by rule:
 *   (法制处、行政审批办)                      units, no role words → every unit responsible
 *   (唐林芳同志牵头负责)                      a person with the role 牵头负责
 *   (邱继刚、花梅…同志分别牵头负责)           persons sharing the role 分别牵头负责
 *   （责任单位：市科委、市财政局）            units with the role 责任单位
 *   （牵头部门：…）                           may be split by a page break (whitespace is ignored)
 *   牵头单位:X;配合单位:Y   (X牵头,Y配合)      roles per unit
 *   责任单位:…  完成时限:…                    a line of its own
 */
import type { Lead } from "../types.js";
import type { CleanView } from "./text-view.js";

/** Keys that introduce a list of units: "责任单位:" and the like. */
const KEY =
  "(?:(?:责任|牵头|主责|配合|协办|参与|实施|承办|主办|协助|分管)(?:单位|部门|处室|科室|主体|领导|人)|主办|协办|牵头|配合)";
const KEY_RE = new RegExp(`^(${KEY})[:]`);
/** A measure's label and nothing else: what a caption in brackets follows. */
const CAPTION_AFTER =
  /^(?:第[\d零〇一二三四五六七八九十百千]{1,8}条|[一二三四五六七八九十]{1,3}[、.]|\(?[一二三四五六七八九十\d]{1,3}\)|\d{1,3}[.、]?)$/;

/** Labels of contact details, which end a list of units ("主办单位：X 地址：…"). */
const CONTACT = "(?:地址|邮编|邮政编码|联系电话|电话|传真|邮箱|电子邮箱|网址|联系人)";
const KEY_ANYWHERE = new RegExp(
  `(${KEY})[:]([^()【】。;]+?)(?=[;。)】]|[,](?:${KEY})[:]|完成时限|完成时间|时间节点|${CONTACT}[:]|$)`,
  "g",
);
/** Where one keyed list ends and the next begins: "牵头单位:X,配合单位:Y" as well as "…;配合单位:Y". */
const CLAUSE_BREAK = new RegExp(`[;]|[,](?=${KEY}[:])`);

/** Role words that end a clause: "X牵头", "Y配合", "Z同志分别牵头负责". */
const ROLE_TAIL =
  /^(.*?)(同志)?(?:按(?:照)?职责分工|按职责|依职责|各自)?(分别牵头负责|分别牵头|共同牵头负责|共同牵头|牵头负责|牵头|具体负责|负责|配合|参与|协办|协助)$/;

/** Endings of unit names (处, 办, 局, 委, 中心, 政府, …). */
const UNIT_SUFFIX =
  /(处|室|办|局|委|厅|部|院|所|队|中心|会|组|站|科|股|政府|单位|公司|集团|海关|总部|党委|支队|大队|银行|协会|法院|检察院|街道|镇|乡|区|县|校|馆|台|社|署|办公室)$/;

/** True for a plausible unit name such as "规划科技处" or "危化局生产经营企业监管室". */
export function isUnitName(s: string): boolean {
  return /^[\u4e00-\u9fa5]{2,30}$/.test(s) && UNIT_SUFFIX.test(s);
}

export function isPrimaryRole(role: string | null): boolean {
  return !role || !/配合|协办|参与|协助/.test(role);
}

interface Part {
  name: string;
  role: string | null;
  person: boolean;
}

/** Parses the inside of an annotation into names with roles. */
export function parseAnnotation(inner: string): Part[] {
  const parts: Part[] = [];
  const person = inner.includes("同志");
  for (const clause of inner.split(CLAUSE_BREAK)) {
    const keyed = KEY_RE.exec(clause);
    if (keyed) {
      for (const name of splitNames(clause.slice(keyed[0].length))) {
        // Names under "分管领导:" or "责任人:" are persons.
        parts.push({ name, role: keyed[1]!, person: person || /(领导|人)$/.test(keyed[1]!) });
      }
      continue;
    }
    for (const sub of clause.split(/[,，]/)) {
      const m = ROLE_TAIL.exec(sub);
      const names = splitNames(m ? m[1]! : sub);
      const role = m ? m[3]! : null;
      for (const name of names) parts.push({ name, role, person: person || Boolean(m?.[2]) });
    }
  }
  return parts;
}

export function splitNames(list: string): string[] {
  return list
    .split(/[、,，/]/)
    .flatMap(splitJoined)
    .map((n) => n.replace(/同志$/, "").replace(/等$/, "").trim())
    .filter((n) => n.length >= 2 && n.length <= 40);
}

/**
 * "市教育局和市财政局" is two units, "市人力资源和社会保障局" and "市工业和信息化局" one: split at
 * 和 / 及 only where every piece is a unit's name.
 */
function splitJoined(part: string): string[] {
  if (!/[和及]/.test(part)) return [part];
  const pieces = part.split(/[和及]/);
  return pieces.every((p) => isUnitName(p.replace(/同志$/, "").trim())) ? pieces : [part];
}

/** An annotation with a role word or key, which is a lead list wherever it stands. */
function hasRoleWords(inner: string): boolean {
  return KEY_RE.test(inner) || /牵头|配合|同志.*负责/.test(inner) || /^[^,]{2,40}负责$/.test(inner);
}

/**
 * Finds the leads in a measure. `view` is the CleanView of the measure's masked span and
 * `masked` the whole masked text (to see where a parenthesis stands in its paragraph).
 */
export function findLeads(view: CleanView, masked: string): Lead[] {
  const leads: Lead[] = [];
  const consumed: [number, number][] = [];
  const t = view.text;
  // Annotations stand in brackets: (…), （…） (folded to ASCII) or 【…】.
  for (const m of t.matchAll(/[(【]([^()【】]{2,300})[)】]/g)) {
    const inner = m[1]!;
    const innerStart = m.index + 1;
    // "(以下简称…)" names a term; "镇人民政府(街道办事处)" glosses the unit before it.
    if (/^(以下简称|以下统称|以下称|下称|简称)/.test(inner)) continue;
    // "第六十四条【被派遣劳动者参加或者组织工会】": an editor's caption right after the label.
    if (CAPTION_AFTER.test(t.slice(0, m.index))) continue;
    if (
      !hasRoleWords(inner) &&
      isUnitName(t.slice(Math.max(0, m.index - 8), m.index).replace(/^.*?[,，。;；、]/, ""))
    ) {
      continue;
    }
    let parts: Part[];
    if (hasRoleWords(inner)) {
      parts = parseAnnotation(inner);
    } else {
      const after = masked.slice(view.span(m.index, m.index + m[0].length).end, undefined).slice(0, 12);
      const endsParagraph = /^[\s。.;；,，]*(\r?\n|$)/.test(after);
      const names = splitNames(inner);
      if (!endsParagraph || names.length === 0 || !names.every(isUnitName)) continue;
      parts = names.map((name) => ({ name, role: null, person: false }));
    }
    consumed.push([m.index, m.index + m[0].length]);
    addParts(parts, inner, innerStart, view, leads);
  }
  for (const m of t.matchAll(KEY_ANYWHERE)) {
    if (consumed.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const list = m[2]!;
    const listStart = m.index + m[1]!.length + 1;
    const parts = splitNames(list).map((name) => ({ name, role: m[1]!, person: false }));
    addParts(parts, list, listStart, view, leads);
  }
  addRoleSentences(t, view, consumed, leads);
  return dedupe(leads);
}

/**
 * Roles stated in a sentence of the measure's own text: "市科技局牵头，市教育局、市财政局配合。"
 * (every name a unit's name, so that running text is not read as a list).
 */
function addRoleSentences(t: string, view: CleanView, consumed: [number, number][], out: Lead[]): void {
  const re =
    /(?:^|[。;:,(])(?:由)?([^。;:,()]{2,80}?)(牵头负责|牵头)[,]([^。;:()]{2,120}?)(配合|参与|协助)(?:实施|落实|做好)?(?=[。;)]|$)/g;
  for (const m of t.matchAll(re)) {
    if (consumed.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const leadNames = splitNames(m[1]!);
    const supportNames = splitNames(m[3]!);
    if (![...leadNames, ...supportNames].every(isUnitName)) continue;
    const leadAt = m.index + m[0].indexOf(m[1]!);
    const supportAt = m.index + m[0].indexOf(m[3]!, m[0].indexOf(m[2]!));
    addParts(
      leadNames.map((name) => ({ name, role: m[2]!, person: false })),
      m[1]!,
      leadAt,
      view,
      out,
    );
    addParts(
      supportNames.map((name) => ({ name, role: m[4]!, person: false })),
      m[3]!,
      supportAt,
      view,
      out,
    );
  }
}

function addParts(parts: Part[], inner: string, innerStart: number, view: CleanView, out: Lead[]): void {
  let cursor = 0;
  for (const p of parts) {
    const at = inner.indexOf(p.name, cursor);
    const from = innerStart + Math.max(at, 0);
    if (at >= 0) cursor = at + p.name.length;
    const span = view.span(from, from + p.name.length);
    out.push({
      name: p.name,
      kind: p.person ? "person" : "unit",
      role: p.role,
      primary: isPrimaryRole(p.role),
      start: span.start,
      end: span.end,
    });
  }
}

/** One entry per name: the first mention, upgraded to primary if any mention is primary. */
function dedupe(leads: Lead[]): Lead[] {
  const byName = new Map<string, Lead>();
  for (const l of leads) {
    const prev = byName.get(l.name);
    if (!prev) byName.set(l.name, l);
    else if (!prev.primary && l.primary) byName.set(l.name, { ...l, start: prev.start, end: prev.end });
  }
  return [...byName.values()];
}
