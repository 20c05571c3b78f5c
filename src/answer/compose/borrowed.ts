/**
 * What an answer says when it borrowed its document from the previous turn: which document it
 * kept, and the other documents that also fit ("17条谁负责" in a Pudong conversation: Dalian and
 * Qingdao have a 17 too), or that it moved on because the kept one lacks the number.
 */
import type { PolicyDoc } from "../../types.js";
import { docName } from "../render.js";
import { type ComposeContext, type Composed, t } from "./context.js";

function names(ctx: ComposeContext, docs: PolicyDoc[]): string {
  return docs.map((d) => docName(d)).join(t(ctx, "、", ", "));
}

/** "按上一问的《X》回答；《Y》也有第17项。" — appended to an answer about a borrowed document. */
export function keptNote(
  ctx: ComposeContext,
  kept: PolicyDoc[],
  alsoIn: PolicyDoc[],
  numbers: number[],
): string {
  const n = numbers.join(t(ctx, "、", ", "));
  const also = alsoIn.length
    ? t(
        ctx,
        `；${names(ctx, alsoIn)}也有第${n}项，如问的是它，请说明文件名`,
        `; ${names(ctx, alsoIn)} also ${alsoIn.length === 1 ? "has" : "have"} a measure ${n} — name it if you meant that one`,
      )
    : "";
  return t(
    ctx,
    `（按上一问的${names(ctx, kept)}回答${also}。）`,
    `(Answered from ${names(ctx, kept)}, the document of your previous question${also}.)`,
  );
}

/** The kept document lacks the number: said first, then the documents that have it answer. */
export function movedOn(
  ctx: ComposeContext,
  kept: PolicyDoc[],
  numbers: number[],
  composed: Composed,
): Composed {
  const n = numbers.join(t(ctx, "、", ", "));
  const lacks = kept
    .map((d) =>
      t(
        ctx,
        `上一问的${docName(d)}共有${d.measures.length}项措施，没有第${n}项；以下是其他文件中的第${n}项。`,
        `${docName(d)}, the document of your previous question, has ${d.measures.length} measures and no measure ${n}; here is measure ${n} in the other documents.`,
      ),
    )
    .join("\n");
  return { ...composed, answer: `${lacks}\n\n${composed.answer}` };
}
