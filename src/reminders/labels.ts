import { z } from "zod";
import data from "./identifiers.json" with { type: "json" };
import namesData from "./names.json" with { type: "json" };
import { isEnglishWord } from "../thresholds/index.js";

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
const Names = z.object({ given: z.array(z.string().min(2)), surnames: z.array(z.string().min(2)) });
const names = Names.parse(namesData);
/** Common given names and surnames (data, not code): one of them on its own is enough to refuse a label. */
const NAMES = new Set([...names.given, ...names.surnames].map((n) => n.toLowerCase()));

export const MAX_LABEL_CHARS = config.maxLength;

export type LabelCheck = { ok: true; label: string } | { ok: false; reason: string };

const capitalised = (w: string) => /^[A-Z][a-z'’-]+$/.test(w) || /^[A-Z]{3,}$/.test(w);
const FAMILY = /^(?:family|families|household|kids|children|twins|siblings)$/i;
const BEFORE_NAME = /^(?:for|re|with|about|of|regarding)$/i;

/**
 * A name: two capitalised words in a row that are not service words; or one word that is a common
 * given name or surname (capitalised, or in lower case when it is no ordinary English word); or the
 * word before "family", or after "for"/"re", that is capitalised and no English word ("Kowalczyk family").
 */
function nameLike(label: string, trusted: Set<string>): boolean {
  const words = label.split(/[^A-Za-z'’-]+/).filter(Boolean).map((w) => w.replace(/['’]s$/, ""));
  const known = (w: string) => NOT_NAMES.has(w.toLowerCase()) || trusted.has(w.toLowerCase());
  // The word list as the typo corrector keeps it (searched in its file text, not a quarter of a million strings in a Set).
  const english = (w: string) => isEnglishWord(w.toLowerCase());
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (known(w)) continue;
    const lower = w.toLowerCase();
    if (NAMES.has(lower) && (capitalised(w) || !english(w))) return true;
    const next = words[i + 1];
    const prev = words[i - 1];
    if (next && capitalised(w) && capitalised(next) && !known(next)) return true;
    if (capitalised(w) && !english(w) && ((next && FAMILY.test(next)) || (prev && BEFORE_NAME.test(prev)))) return true;
  }
  return false;
}

/** Where the reminder will be read: the refusal says who would see the label. */
export type LabelAudience = "channel" | "groupChat" | "personal";

const AUDIENCE: Record<LabelAudience, string> = {
  channel: "Everyone in this channel sees reminders",
  groupChat: "Everyone in this chat sees reminders",
  personal: "Reminders are stored until they are sent",
};

/** `ruleLabel` is the deadline rule's own label from the pack (and the authority's names): its words are never names. */
export function checkLabel(raw: string, ruleLabel = "", audience: LabelAudience = "channel"): LabelCheck {
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
    reason: `The label seems to include ${[...found].join(" and ")}. ${AUDIENCE[audience]}, so please use a label that does not identify a child or family, such as "ICPC" or "Review conference".`,
  };
}
