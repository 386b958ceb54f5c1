import type { AnswerInput } from "../contract/answer.js";
import type { Timescale } from "../knowledge/index.js";
import { asksForDeadline, chooseRule, deadlineFor, describe, londonYmd, readDate, unitWords, type DateReading, type Start } from "../deadlines/index.js";
import type { PackHandler } from "./handlers.js";
import { baseAnswer, type WithPack } from "./build.js";

const MIN_RULE_SCORE = 3;

function badDate(r: WithPack, reading: Extract<DateReading, { ok: false }>, rule: Timescale | undefined): AnswerInput {
  const what =
    reading.reason === "impossible"
      ? `"${reading.text}" is not a real date.`
      : `${reading.text ? `"${reading.text}" is` : "That date is"} outside the years I can count (2000 to 2100).`;
  return {
    ...baseAnswer("deadline", r, `${what} Please give the date again, for example 18/12/2026.`),
    prompt: "Which date did it happen? Choose the date and the rule below.",
    ruleChoices: rule ? [{ id: rule.id, label: rule.label }] : [],
  };
}

/** A deadline for a known rule and start: the core of both the question form and the CLI. */
export function deadlineAnswerFor(r: WithPack, rule: Timescale, start: Start): AnswerInput {
  const today = londonYmd(r.now);
  const d = deadlineFor(r.pack, rule, start, today);
  return {
    ...baseAnswer("deadline", r, describe(rule, d)),
    deadlines: [d],
    notes: [
      ...(d.unitCaveat ? [`The ${r.pack.source.title} says "${rule.source.quote}" without saying working or calendar days: both readings are shown. Check locally before relying on either.`] : []),
      ...(rule.unit === "hours" && !start.time ? ["No time was given, so the count starts at midnight; give the time (e.g. 16:40) for an exact answer."] : []),
    ],
  };
}

/** Deadline questions ("strategy discussion 18 Dec, when is the ICPC due?"); null when not one. */
export const deadlineAnswer: PackHandler = (q, r) => {
  // Cheap checks first: most questions name no deadline rule, and reading dates is the slow part.
  if (!asksForDeadline(q.text, true)) return null;
  const choice = chooseRule(q.text, r.pack);
  if (choice.score < MIN_RULE_SCORE) return null;
  const reading = readDate(q.raw, r.now);
  if (!asksForDeadline(q.text, reading.ok || reading.reason !== "none")) return null;
  if (choice.unstated)
    return {
      ...baseAnswer("deadline", r, choice.unstated.statement),
      gaps: [`${choice.unstated.statement} I won't give a timescale from another authority or from national guidance as if it were local; ask your MASH or check local procedures.`],
    };
  const rule = choice.rule!;
  if (!reading.ok && reading.reason !== "none") return badDate(r, reading, rule);
  if (!reading.ok)
    return {
      ...baseAnswer("deadline", r, `${rule.label}: ${rule.amount} ${rule.unit ? unitWords(rule.unit) : ""} from ${rule.trigger.description}. Which date did that happen?`),
      prompt: `Give the date of ${rule.trigger.description} and I'll work out the due date.`,
      ruleChoices: [rule, ...choice.candidates.filter((c) => c.id !== rule.id)].slice(0, 5).map((t) => ({ id: t.id, label: t.label })),
    };
  return deadlineAnswerFor(r, rule, reading.start);
};
