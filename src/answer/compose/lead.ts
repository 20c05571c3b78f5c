/** Who leads measure N, and which measures X leads — answered from the extracted leads. */
import { docName, englishGloss, excerpt, leadsPhrase, measureName, roleLabel } from "../render.js";
import { type ComposeContext, type Composed, type Target, t } from "./context.js";

function oneMeasure(ctx: ComposeContext, { doc, measure }: Target): string {
  const n = ctx.cites.cite(doc, measure, measure);
  const quote = `> ${excerpt(ctx.kb.source(doc.source).text.slice(measure.start, measure.end), 220)}`;
  if (measure.leads.length > 0) {
    const who = leadsPhrase(measure.leads, ctx.lang);
    const line = t(
      ctx,
      `${docName(doc)}${measureName(measure, "zh")}：${who}[${n}]。`,
      `In ${docName(doc)}, ${measureName(measure, "en")} is assigned to ${who} [${n}].`,
    );
    return `${line}\n\n${quote}`;
  }
  let line = t(
    ctx,
    `${docName(doc)}${measureName(measure, "zh")}没有写明牵头单位或责任人[${n}]。`,
    `In ${docName(doc)}, ${measureName(measure, "en")} does not name a lead unit or person [${n}].`,
  );
  const note = doc.responsibilityNote;
  if (note) {
    const m = ctx.cites.cite(doc, note);
    line += t(
      ctx,
      `文件注明责任分工另见：“${note.text}”[${m}]。`,
      ` The document refers the division of responsibilities to: “${note.text}” [${m}].`,
    );
  }
  return `${line}\n\n${quote}`;
}

/** Answers "who leads measure N" for one or more documents (grouped by document). */
export function leadOfMeasure(ctx: ComposeContext, targets: Target[]): Composed {
  if (targets.length === 1) return { found: true, answer: oneMeasure(ctx, targets[0]!) };
  const parts = targets.map((target) => `- ${oneMeasure(ctx, target).replace(/\n\n> /, "\n  > ")}`);
  const numbers = new Set(targets.map((x) => x.measure.number));
  const docs = new Set(targets.map((x) => x.doc));
  // One number in several documents gets a heading that says so.
  if (numbers.size === 1 && docs.size > 1) {
    const n = targets[0]!.measure.number;
    const head = t(ctx, `有${docs.size}份文件含有第${n}项：`, `${docs.size} documents have a measure ${n}:`);
    return { found: true, answer: [head, ...parts].join("\n") };
  }
  return { found: true, answer: parts.join("\n") };
}

/** A unit's name (not a person's): its sub-units are named by extending it (危化局 → 危化局管控办). */
const UNIT_END = /(局|处|委|办|中心|室|队|科|部|厅|院|所|站|会|组)$/;

/**
 * Names related to `name` that the documents list: its sub-units (names extending a unit's name:
 * 危化局管控办, 危化局危化应急救援室) and near-names that hold it (安全生产考试中心 for 考试中心).
 */
export function relatedLeads(all: readonly string[], name: string): { subUnits: string[]; near: string[] } {
  const others = all.filter((n) => n !== name && n.includes(name));
  const subUnits = UNIT_END.test(name) ? others.filter((n) => n.startsWith(name)) : [];
  // A near-name ends as the asked one does (安全生产考试中心 / 考试中心); a few at most, so that a
  // common name (办公室) does not bring every 某某办公室.
  const near = others.filter((n) => !subUnits.includes(n) && n.endsWith(name));
  return { subUnits, near: near.length <= 3 ? near : [] };
}

/** Answers "which measures does X lead": every measure naming X exactly, with X's role. */
export function measuresOfLead(ctx: ComposeContext, names: string[], sources: string[] | null): Composed {
  const blocks: string[] = [];
  const inScope = (name: string) =>
    ctx.kb.mentionsOf(name).filter((m) => !sources || sources.includes(m.doc.source));
  for (const name of names) {
    const mentions = inScope(name);
    const docs = [...new Set(mentions.map((m) => m.doc))];
    for (const doc of docs) {
      const mine = mentions.filter((m) => m.doc === doc);
      const lines = mine.map(({ measure, lead }) => {
        const n = ctx.cites.cite(doc, measure, measure);
        const others = measure.leads.filter((l) => l.name !== name).map((l) => l.name);
        const withOthers = others.length
          ? t(ctx, `，与${others.join("、")}共同列出`, `, together with ${others.join(", ")}`)
          : "";
        return `- ${measureName(measure, ctx.lang)}${roleLabel(lead, ctx.lang)}${withOthers} [${n}]`;
      });
      const head = t(
        ctx,
        `**${name}**在${docName(doc)}中列为以下${mine.length}项措施的责任方：`,
        `**${name}**${englishGloss(name, mine[0]!.lead.kind === "person")} is named as responsible for ${mine.length} measure${mine.length > 1 ? "s" : ""} of ${docName(doc)}:`,
      );
      blocks.push([head, ...lines].join("\n"));
    }
    const related = relatedLeads(ctx.kb.leadNames, name);
    const subLines = relatedLines(
      ctx,
      related.subUnits.filter((n) => !names.includes(n)),
      inScope,
    );
    if (subLines.length) {
      blocks.push(
        [
          t(ctx, `**${name}**的下属单位负责的措施：`, `Measures led by units of **${name}**:`),
          ...subLines,
        ].join("\n"),
      );
    }
    const nearLines = relatedLines(
      ctx,
      related.near.filter((n) => !names.includes(n)),
      inScope,
    );
    if (nearLines.length) {
      blocks.push(
        [
          t(ctx, `名称相近、可能是同一单位的：`, `Similar names that may be the same unit:`),
          ...nearLines,
        ].join("\n"),
      );
    }
  }
  if (blocks.length === 0) return noMeasuresFor(ctx, names);
  return { found: true, answer: blocks.join("\n\n") };
}

/** One line per measure a related name leads: "- 《…》第10项（…）— **危化局管控办** [n]". */
function relatedLines(
  ctx: ComposeContext,
  names: string[],
  inScope: (name: string) => ReturnType<ComposeContext["kb"]["mentionsOf"]>,
): string[] {
  return names.flatMap((other) =>
    inScope(other).map(({ doc, measure, lead }) => {
      const n = ctx.cites.cite(doc, measure, measure);
      const where = t(
        ctx,
        `${docName(doc)}${measureName(measure, "zh")}`,
        `${measureName(measure, "en")} of ${docName(doc)}`,
      );
      return `- ${where} — **${other}**${roleLabel(lead, ctx.lang)} [${n}]`;
    }),
  );
}

/** A name the question gives that no measure lists, with similar names that do exist. */
export function unknownLead(ctx: ComposeContext, phrase: string): Composed {
  const similar = ctx.kb.leadNames
    .filter((n) => n.includes(phrase) || (phrase.includes(n) && n.length >= 2))
    .slice(0, 8);
  const hint = similar.length
    ? t(
        ctx,
        `文件中列出的相近名称有：${similar.join("、")}。`,
        ` Similar names in the documents: ${similar.join(", ")}.`,
      )
    : "";
  return {
    found: false,
    answer: t(
      ctx,
      `文件中没有列出“${phrase}”负责的措施。${hint}`,
      `No measure in the documents names “${phrase}” as responsible.${hint}`,
    ),
  };
}

/** "The documents list no measure for X" — the names as asked. */
export function noMeasuresFor(ctx: ComposeContext, names: string[]): Composed {
  return {
    found: false,
    answer: t(
      ctx,
      `文件中没有列出${names.map((n) => `“${n}”`).join("、")}负责的措施。`,
      `The documents list no measure for ${names.map((n) => `“${n}”`).join(", ")}.`,
    ),
  };
}
