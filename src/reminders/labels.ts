import { z } from "zod";
import data from "./identifiers.json" with { type: "json" };

/**
 * A reminder label is shown to a whole channel and stored until the reminder goes out, so it is
 * short and must not identify a child or family. Refusals say why, so the person can rephrase.
 */
const Identifiers = z.object({
  maxLength: z.number().int().positive(),
  patterns: z.array(z.object({ what: z.string(), pattern: z.string() })),
  words: z.array(z.string()),
});
const config = Identifiers.parse(data);
const PATTERNS = config.patterns.map((p) => ({ what: p.what, re: new RegExp(p.pattern, p.what === "a postcode" ? "i" : "") }));
const NOT_NAMES = new Set(config.words.map((w) => w.toLowerCase()));

export const MAX_LABEL_CHARS = config.maxLength;

export type LabelCheck = { ok: true; label: string } | { ok: false; reason: string };

/** Two capitalised words in a row, neither a known service word nor a word of the rule's own label. */
function nameLike(label: string, trusted: Set<string>): boolean {
  const words = label.split(/[^A-Za-z'’-]+/).filter(Boolean);
  for (let i = 0; i + 1 < words.length; i++) {
    const [a, b] = [words[i]!, words[i + 1]!];
    const capitalised = (w: string) => /^[A-Z][a-z'’-]+$/.test(w);
    const known = (w: string) => NOT_NAMES.has(w.toLowerCase()) || trusted.has(w.toLowerCase());
    if (capitalised(a) && capitalised(b) && !known(a) && !known(b)) return true;
  }
  return false;
}

/** `ruleLabel` is the deadline rule's own label from the pack (and the authority's names): its words are never names. */
export function checkLabel(raw: string, ruleLabel = ""): LabelCheck {
  const label = raw.replace(/\s+/g, " ").trim();
  if (!label) return { ok: false, reason: "The reminder needs a short label, such as \"ICPC\"." };
  if (label.length > MAX_LABEL_CHARS)
    return { ok: false, reason: `The label is ${label.length} characters; please keep it to ${MAX_LABEL_CHARS} or fewer.` };
  const found = new Set<string>();
  for (const { what, re } of PATTERNS) if (re.test(label)) found.add(what);
  const trusted = new Set(ruleLabel.toLowerCase().split(/[^a-z'’-]+/).filter(Boolean));
  if (nameLike(label, trusted)) found.add("what looks like a name");
  if (found.size === 0) return { ok: true, label };
  return {
    ok: false,
    reason: `The label seems to include ${[...found].join(" and ")}. The whole channel sees reminders, so please use a label that does not identify a child or family, such as "ICPC" or "Review conference".`,
  };
}
