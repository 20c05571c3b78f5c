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

/** Answers "which measures does X lead": every measure naming X exactly, with X's role. */
export function measuresOfLead(ctx: ComposeContext, names: string[], sources: string[] | null): Composed {
  const blocks: string[] = [];
  for (const name of names) {
    const mentions = ctx.kb.mentionsOf(name).filter((m) => !sources || sources.includes(m.doc.source));
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
  }
  if (blocks.length === 0) return noMeasuresFor(ctx, names);
  return { found: true, answer: blocks.join("\n\n") };
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
