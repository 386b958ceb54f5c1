import { z } from "zod";
import type { Answer } from "../../../src/contract/answer.js";
import { AuthorityId } from "../../../src/knowledge/schema.js";

/** One evaluation line, in the format of test/eval/dev.jsonl (the shared practitioner questions). */
export const EvalLine = z.object({
  id: z.string(),
  authority: AuthorityId,
  text: z.string(),
  expect: z
    .object({
      // "answer": any answer drawn from the document (route, procedure or deadline), for sets whose
      // authors saw only the documents and could not know which of the three the bot calls it.
      kind: z.enum(["threshold", "route", "deadline", "procedure", "clarify", "answer"]),
      tier: z.number().int().min(1).max(4).optional(),
      levelId: z.string().optional(),
      indicators: z.array(z.string()).optional(),
      immediateDanger: z.boolean().optional(),
      mustContain: z.array(z.string()).optional(),
      mustNotContain: z.array(z.string()).optional(),
      statesGap: z.boolean().optional(),
      procedureSection: z.string().optional(),
      deadline: z
        .object({
          due: z.string(),
          rule: z.string().optional(),
          from: z.string().optional(),
          amount: z.number().optional(),
          unit: z.string().optional(),
          unitCaveat: z.boolean().optional(),
          altUnit: z.string().optional(),
          altDue: z.string().optional(),
        })
        .passthrough()
        .optional(),
    })
    .passthrough(),
});
export type EvalLine = z.infer<typeof EvalLine>;

const squash = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

/** Everything a user would see in the answer's card, as one searchable string. */
export function answerText(a: Answer): string {
  const parts: string[] = [a.summary, a.prompt ?? "", ...a.notes, ...a.gaps, ...a.suggestions];
  if (a.threshold)
    parts.push(
      a.threshold.level.name,
      a.threshold.reason,
      ...a.threshold.nextSteps,
      ...a.threshold.indicators.flatMap((i) => [i.text, i.section, i.domain]),
      ...a.threshold.tiers.flatMap((t) => [t.name, t.description]),
    );
  for (const r of a.routes)
    parts.push(r.name, r.when, r.purpose ?? "", r.gap ?? "", ...r.channels.flatMap((c) => [c.value, c.label ?? "", c.quote ?? "", c.configuredBy ?? ""]), ...(r.said ?? []).map((s) => s.quote), ...(r.forHarm ?? []).map((s) => s.quote), r.sentTo?.quote ?? "");
  for (const d of a.deadlines)
    parts.push(d.label, d.due, d.from, d.source, d.section ?? "", d.note ?? "", d.convention ?? "", ...d.alternatives.map((x) => `${x.due} ${x.note ?? ""}`), ...d.chain.map((c) => `${c.label} ${c.due}`));
  if (a.procedure) parts.push(a.procedure.title, a.procedure.section, a.procedure.summary, ...a.procedure.duties, ...a.procedure.quotes.map((q) => q.quote), ...a.procedure.gaps);
  if (a.browse) parts.push(...a.browse.indicators.map((i) => i.text));
  return squash(parts.join(" \n "));
}

const GAP_WORDS = /(does not state|not stated|doesn't state|does not give|gives no|no .{0,40}(number|phone|email|contact details)|not mentioned|names .{0,60} but gives no)/i;

const DOCUMENT_ANSWERS = new Set<string>(["route", "procedure", "deadline"]);

export interface Verdict {
  pass: boolean;
  failures: string[];
}

/** Checks an answer against the expectations that apply to it (kind, strings, gaps, deadline, section). */
export function check(line: EvalLine, a: Answer): Verdict {
  const e = line.expect;
  const failures: string[] = [];
  const text = answerText(a);
  // "When is the ICPC due?" asks what the procedure requires, and a deadline card that gives the rule (and its date) answers it:
  // the strings expected still have to be shown.
  const kindRight = e.kind === "answer" ? DOCUMENT_ANSWERS.has(a.kind) : a.kind === e.kind || (e.kind === "procedure" && a.kind === "deadline");
  if (!kindRight) failures.push(`kind ${a.kind}, expected ${e.kind}`);
  for (const s of e.mustContain ?? []) if (!text.includes(squash(s))) failures.push(`missing "${s}"`);
  for (const s of e.mustNotContain ?? []) if (text.includes(squash(s))) failures.push(`shows "${s}"`);
  if (e.statesGap && !GAP_WORDS.test(text)) failures.push("does not state the gap");
  if (e.procedureSection) {
    const cited = squash(`${a.procedure?.title ?? ""} ${a.procedure?.section ?? ""}`);
    if (!cited.includes(squash(e.procedureSection))) failures.push(`cites "${a.procedure?.title ?? "nothing"}", expected "${e.procedureSection}"`);
  }
  if (e.deadline) {
    const dues = a.deadlines.flatMap((d) => [d.due, ...d.alternatives.map((x) => x.due), ...d.chain.map((c) => c.due)]);
    // An expected date with no time is the day a time-of-day deadline falls on, as the card writes it.
    const same = (x: string, y: string) => (x.length > 10 && y.length > 10 ? new Date(x).getTime() === new Date(y).getTime() : x.slice(0, 10) === y.slice(0, 10));
    if (!a.deadlines.some((d) => same(d.due, e.deadline!.due))) failures.push(`due ${a.deadlines[0]?.due ?? "none"}, expected ${e.deadline.due}`);
    if (e.deadline.unitCaveat && !a.deadlines.some((d) => d.unitCaveat)) failures.push("unit caveat not flagged");
    if (e.deadline.altDue && !dues.includes(e.deadline.altDue)) failures.push(`no alternative reading ${e.deadline.altDue}`);
  }
  if (e.kind === "threshold") {
    if (e.tier !== undefined && a.threshold?.level.tier !== e.tier) failures.push(`tier ${a.threshold?.level.tier ?? "none"}, expected ${e.tier}`);
    if (e.immediateDanger && !(a.threshold?.immediateDanger && text.includes("999"))) failures.push("immediate danger not flagged with 999");
  }
  return { pass: failures.length === 0, failures };
}
