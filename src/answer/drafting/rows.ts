/**
 * The rows drafting answers are made of, from the extracted measures (no retrieval, no wording):
 * a digest row per measure, and per unit or person the measures they are named for, with roles.
 * Pure functions of a PolicyDoc and its source text.
 */
import type { Deadline, Lead, LeadKind, Measure, PolicyDoc, Span } from "../../types.js";
import { gistSpan, gistText } from "./gist.js";

/** One measure of a digest: number, gist (verbatim), leads with their roles, deadlines. */
export interface DigestRow {
  doc: PolicyDoc;
  measure: Measure;
  /** The measure's heading or first clause, whitespace collapsed. */
  gist: string;
  /** Where the gist stands in the source. */
  gistSpan: Span;
  leads: Lead[];
  deadlines: Deadline[];
}

/** Every measure of a document, in order, as digest rows. */
export function digestRows(doc: PolicyDoc, text: string): DigestRow[] {
  return doc.measures.map((measure) => {
    const span = gistSpan(text, measure);
    return {
      doc,
      measure,
      gist: gistText(text, span) || measure.title,
      gistSpan: span,
      leads: measure.leads,
      deadlines: measure.deadlines,
    };
  });
}

/** A measure a unit or person is named for, with the role the text gives there. */
export interface Assignment {
  measure: Measure;
  /** The role as written ("牵头负责", "分别牵头负责", "配合", "责任单位"); null when none is written. */
  role: string | null;
  primary: boolean;
}

/** A unit or person and every measure of one document that names them. */
export interface ResponsibilityRow {
  name: string;
  kind: LeadKind;
  assignments: Assignment[];
}

/** Units and persons of a document in order of first mention, each with its measures in order. */
export function responsibilityRows(doc: PolicyDoc): ResponsibilityRow[] {
  const rows = new Map<string, ResponsibilityRow>();
  for (const measure of doc.measures) {
    for (const lead of measure.leads) {
      let row = rows.get(lead.name);
      if (!row) {
        row = { name: lead.name, kind: lead.kind, assignments: [] };
        rows.set(lead.name, row);
      }
      if (row.assignments.some((a) => a.measure === measure)) continue;
      row.assignments.push({ measure, role: lead.role, primary: lead.primary });
    }
  }
  return [...rows.values()];
}

/** Assignments grouped by role, in order of first appearance: [{role, measures}]. */
export function byRole(assignments: Assignment[]): { role: string | null; measures: Measure[] }[] {
  const groups: { role: string | null; measures: Measure[] }[] = [];
  for (const a of assignments) {
    const g = groups.find((x) => x.role === a.role);
    if (g) g.measures.push(a.measure);
    else groups.push({ role: a.role, measures: [a.measure] });
  }
  return groups;
}
