import { join } from "node:path";
import { z } from "zod";
import { loadBesidePack } from "./loader.js";
import type { Pack } from "./schema.js";

/**
 * How practitioners ask about each timescale rule of a pack: the project's own wording (never the
 * document's), kept beside the pack. The deadline reader chooses a rule from this evidence and
 * the pack's own words (label, keywords, trigger); the examples are whole questions with a
 * {date} (and, for hour rules, a {time}) slot, and the tests ask every one of them.
 */
export const RuleWording = z
  .object({
    asks: z.array(z.string().min(2)).min(2).describe("How people name what falls due under this rule (project wording)."),
    after: z.array(z.string().min(2)).default([]).describe("How people name the event that starts the clock, beyond the shared event vocabulary."),
    when: z.array(z.string().min(2)).default([]).describe("Words anywhere in the question that separate this rule from a neighbour of the same event (e.g. child or adult)."),
    group: z.string().min(2).optional().describe("Rules of the same event that set different limits (a local target, a local ceiling, a statutory maximum) share a group and are shown together."),
    role: z.string().min(2).optional().describe("The label of this rule within its group, e.g. 'local ceiling'."),
    examples: z
      .array(z.string().min(8).regex(/\{date\}/, "an example needs a {date} slot"))
      .min(2)
      .describe("Whole practitioner questions that must reach this rule."),
  })
  .strict();
export type RuleWording = z.infer<typeof RuleWording>;

export const DeadlineWording = z
  .object({
    $comment: z.string().optional(),
    authority: z.string().min(1),
    wording: z.literal("project").describe("Always 'project': the Threshold Assistant team's wording, never the document's."),
    rules: z.record(z.string(), RuleWording),
  })
  .strict();
export type DeadlineWording = z.infer<typeof DeadlineWording>;

export const deadlineWordingFile = (dir: string, authority: string) => join(dir, authority, "deadlines.json");

/** Every rule with an amount has phrasings, every phrasing names a rule of the pack, groups have roles. */
export function deadlineWordingProblems(w: DeadlineWording, pack: Pack): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (w.authority !== pack.id) problems.push({ path: "authority", message: `"${w.authority}" is not this pack's id "${pack.id}"` });
  const ids = new Set(pack.timescales.map((t) => t.id));
  for (const id of Object.keys(w.rules)) if (!ids.has(id)) problems.push({ path: `rules.${id}`, message: `timescale "${id}" is not in the pack` });
  for (const t of pack.timescales) {
    const rw = w.rules[t.id];
    if (t.amount === null) continue;
    if (!rw) {
      problems.push({ path: `rules.${t.id}`, message: `timescale "${t.id}" has no practitioner phrasings` });
      continue;
    }
    if (rw.group && !rw.role) problems.push({ path: `rules.${t.id}.role`, message: "a rule in a group needs its role" });
    if (t.unit === "hours" && !rw.examples.some((e) => e.includes("{time}"))) problems.push({ path: `rules.${t.id}.examples`, message: "an hour rule needs an example with a {time}" });
  }
  return problems;
}

/** The pack's deadline phrasings, or null where the pack has none. */
export function loadDeadlineWording(dir: string, pack: Pack): DeadlineWording | null {
  return loadBesidePack(deadlineWordingFile(dir, pack.id), DeadlineWording, (data) => deadlineWordingProblems(data, pack));
}
