/**
 * Metadata answers: 文号, entry into force and validity, issue dates and issuer, read from what
 * structure extracted (src/structure/metadata.ts) — unless the question asks them of something the
 * document speaks of ("优待凭证的有效期"), which the look-up finds in the text.
 */
import { abbreviates } from "../../structure/abbreviation.js";
import type { PolicyDoc } from "../../types.js";
import { docName } from "../render.js";
import {
  ASKS_DOC_NUMBER,
  ASKS_EFFECTIVE,
  ASKS_ISSUE_DATE,
  ASKS_ISSUER,
  ASKS_VALIDITY,
} from "../understand.js";
import { type ComposeContext, type Composed, t } from "./context.js";
import { inForceLines } from "./in-force.js";
import { QUESTION_WORDS } from "./lookup.js";

/**
 * Metadata answers — 文号, entry into force and validity, issue dates, issuer — every one the
 * question asks ("是第几号令，什么时候施行？" gets both); null when it asks none of them.
 */
export function metadataAnswer(ctx: ComposeContext, docs: PolicyDoc[], named = true): Composed | null {
  const q = ctx.question;
  const lines: string[] = [];
  let asked = false;
  if (ASKS_DOC_NUMBER.test(q)) {
    asked = true;
    lines.push(...docNumberLines(ctx, docs));
  }
  // "优待凭证的有效期", "新的低保标准从哪天起执行": a thing the document speaks of, not the document.
  const ofDocument = ctx.lang === "en" || docs.every((d) => !asksOfSomethingElse(ctx, q, d));
  const validity = ASKS_VALIDITY.test(q) && ofDocument;
  const effective = ASKS_EFFECTIVE.test(q) && ofDocument;
  // Entry into force is answered for a named document (over all documents it is not one fact).
  if ((effective || validity) && named) {
    asked = true;
    lines.push(...inForceLines(ctx, docs, validity && !effective));
  } else if (effective || ASKS_ISSUE_DATE.test(q)) {
    asked = true;
    lines.push(...dateLines(ctx, docs, effective));
  }
  if (ASKS_ISSUER.test(q)) {
    asked = true;
    lines.push(...issuerLines(ctx, docs));
  }
  if (!asked) return null;
  const stated = lines.filter((l) => !/没有写明|does not state/.test(l));
  if (stated.length === 0 && !ASKS_DOC_NUMBER.test(q)) return null;
  return {
    found: stated.length > 0,
    answer: lines.join("\n") || t(ctx, "文件中没有写明文号。", "The documents state no document number."),
  };
}

/** Words that point at the document itself ("这个…办法", "本通知") or frame the question. */
const ABOUT_DOCUMENT =
  /《[^》]*》|(?:国务院|市政府|省政府|人民政府|部)?令|修订后?|修正后?|修改后?|这个|这份|该|本|新|现行|文件|政策|规定|办法|通知|方案|条例|意见|细则|法/g;

/**
 * The question asks when or how long something the document speaks of holds ("优待凭证", "低保
 * 标准"): Chinese words left once the date cue and the words naming the document are taken out.
 */
function asksOfSomethingElse(ctx: ComposeContext, q: string, doc: PolicyDoc): boolean {
  const rest = [
    ASKS_VALIDITY,
    ASKS_EFFECTIVE,
    ASKS_DOC_NUMBER,
    ASKS_ISSUER,
    ASKS_ISSUE_DATE,
    ABOUT_DOCUMENT,
  ].reduce((acc, re) => acc.replace(new RegExp(re.source, "gi"), " "), q);
  const title = doc.title;
  return ctx.kb
    .tokenize(rest)
    .some(
      (w) =>
        w.length >= 2 &&
        /^[\u4e00-\u9fa5]+$/.test(w) &&
        !QUESTION_WORDS.has(w) &&
        !title.includes(w) &&
        !abbreviates(w, title) &&
        !/多久|多长|时间|哪天|什么|时候|开始|起|是|的/.test(w),
    );
}

function docNumberLines(ctx: ComposeContext, docs: PolicyDoc[]): string[] {
  const lines: string[] = [];
  for (const d of docs) {
    if (d.docNumber && d.docNumberSpan) {
      const n = ctx.cites.cite(d, d.docNumberSpan);
      lines.push(
        t(
          ctx,
          `${docName(d)}的文号是**${d.docNumber}**[${n}]。`,
          `The document number of ${docName(d)} is **${d.docNumber}** [${n}].`,
        ),
      );
    } else if (docs.length === 1) {
      lines.push(t(ctx, `${docName(d)}中没有写明文号。`, `${docName(d)} does not state a document number.`));
    }
  }
  return lines;
}

function dateLines(ctx: ComposeContext, docs: PolicyDoc[], effective: boolean): string[] {
  const lines: string[] = [];
  for (const d of docs) {
    // One line per kind and date: a date written twice (a cover letter and the plan) is said once.
    const dated = d.dates.filter(
      (x, i, all) =>
        x.kind !== "mentioned" &&
        (!effective || x.kind === "effective") &&
        all.findIndex((y) => y.kind === x.kind && y.iso === x.iso) === i,
    );
    if (dated.length === 0) continue;
    const parts = dated.map((x) => {
      const n = ctx.cites.cite(d, x);
      const kind = {
        signed: t(ctx, "落款日期", "signed"),
        printed: t(ctx, "印发日期", "printed"),
        published: t(ctx, "网页发布日期", "published online"),
        adopted: t(ctx, "通过日期", "adopted"),
        promulgated: t(ctx, "公布日期", "promulgated"),
        revised: t(ctx, "修订日期", "revised"),
        effective: t(ctx, "施行日期", "in force from"),
        mentioned: "",
      }[x.kind];
      return `${kind} **${x.text}** [${n}]`;
    });
    lines.push(`${docName(d)}：${parts.join(t(ctx, "；", "; "))}`);
  }
  return lines;
}

function issuerLines(ctx: ComposeContext, docs: PolicyDoc[]): string[] {
  const lines: string[] = [];
  for (const d of docs) {
    if (!d.issuer || !d.issuerSpan) continue;
    const n = ctx.cites.cite(d, d.issuerSpan);
    lines.push(
      t(
        ctx,
        `${docName(d)}由**${d.issuer}**印发[${n}]。`,
        `${docName(d)} was issued by **${d.issuer}** [${n}].`,
      ),
    );
  }
  return lines;
}
