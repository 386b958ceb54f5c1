import { join } from "node:path";
import { z } from "zod";
import { loadBesidePack } from "./loader.js";
import type { Pack } from "./schema.js";

/**
 * Practitioner language for a pack's indicators: the project's own wording of how teachers,
 * health visitors, police and social workers describe each indicator, kept apart from the
 * document's verbatim text so that nobody mistakes it for the authority's words.
 */
export const IndicatorLanguage = z.object({
  subject: z.enum(["child", "parent", "family"]).describe("Whose situation the indicator describes: the child's, a parent's or carer's, or the household's."),
  descriptions: z.array(z.string().min(3).max(160)).min(12).describe("How practitioners put it, in their words (project wording)."),
  separates: z.string().min(10).describe("What separates this indicator from its neighbours at the other levels."),
  decider: z.string().min(5).optional().describe("A question whose answer would move the case to the next level up."),
});
export type IndicatorLanguage = z.infer<typeof IndicatorLanguage>;

export const PackLanguage = z.object({
  $schema: z.string().optional(),
  authority: z.string().min(1),
  wording: z.literal("project").describe("Always 'project': this file is the Threshold Assistant team's wording, never the document's."),
  note: z.string().optional(),
  indicators: z.record(z.string(), IndicatorLanguage),
  harmFamilies: z
    .record(z.string(), z.array(z.string()).min(1))
    .describe("Significant-harm family id (thresholds/harm-net.json) → the top-level indicators of this grid it cites."),
});
export type PackLanguage = z.infer<typeof PackLanguage>;

export const languageFile = (dir: string, authority: string) => join(dir, authority, "language.json");

/** References a language file makes into its pack: every indicator it describes or cites must exist there. */
export function languageProblems(language: PackLanguage, pack: Pack): { path: string; message: string }[] {
  const byId = new Map(pack.indicators.map((i) => [i.id, i]));
  const top = new Set(pack.levels.filter((l) => l.tier === 4).map((l) => l.id));
  const problems: { path: string; message: string }[] = [];
  if (language.authority !== pack.id) problems.push({ path: "authority", message: `"${language.authority}" is not this pack's id "${pack.id}"` });
  for (const id of Object.keys(language.indicators))
    if (!byId.has(id)) problems.push({ path: `indicators.${id}`, message: `indicator "${id}" is not in the pack` });
  for (const [family, ids] of Object.entries(language.harmFamilies))
    ids.forEach((id, i) => {
      const ind = byId.get(id);
      if (!ind) problems.push({ path: `harmFamilies.${family}[${i}]`, message: `indicator "${id}" is not in the pack` });
      else if (!top.has(ind.level)) problems.push({ path: `harmFamilies.${family}[${i}]`, message: `indicator "${id}" is not at the top level: the harm net only raises` });
    });
  return problems;
}

/** The pack's practitioner language, or null for a pack without one (a grid-less authority). */
export function loadLanguage(dir: string, pack: Pack): PackLanguage | null {
  return loadBesidePack(languageFile(dir, pack.id), PackLanguage, (data) => languageProblems(data, pack));
}
