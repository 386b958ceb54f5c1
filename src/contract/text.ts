import { z } from "zod";
import type { TimescaleUnit } from "./primitives.js";
import familiesJson from "./word-families.json" with { type: "json" };

/** Said wherever the bot answers about a child: principle 2 of the design. */
export const CALL_999 = "If a child is in immediate danger, call 999.";

/** A sentence of the document, quoted with its section. */
export const documentSays = (s: { quote: string; section: string }) => `The document says: "${s.quote}" (${s.section})`;
/** Where the document says a form or referral goes, quoted. */
export const sendItTo = (name: string, s: { quote: string; section: string }) => `Send it to the ${name}: "${s.quote}" (${s.section})`;

/** A word without its contracted ending: "he'll", "we'd", "I've", "mum's" are read as "he", "we", "I", "mum", never "hell", "wed", "ive". */
export const uncontracted = (word: string) => word.replace(/'(?:s|ll|d|ve|re|m)$/, "").replace(/'/g, "");

/** A string matched literally inside a RegExp. */
export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const phrases = new Map<string, { re: RegExp; lower: string }>();

function compiledPhrase(phrase: string): { re: RegExp; lower: string } {
  let c = phrases.get(phrase);
  if (!c) {
    if (phrases.size >= 20_000) phrases.clear();
    const lower = phrase.toLowerCase();
    c = { re: new RegExp(`(?<![a-z0-9])${escapeRegExp(lower)}(?![a-z0-9])`), lower };
    phrases.set(phrase, c);
  }
  return c;
}

/**
 * hasPhrase for one phrase, compiled now: for phrases tested question after question (the data
 * files' and the packs' own), without looking the phrase up each time.
 */
export function phraseTest(phrase: string): (text: string) => boolean {
  const { re, lower } = compiledPhrase(phrase);
  return (text) => text.includes(lower) && re.test(text);
}

const listTests = new WeakMap<readonly string[], ((text: string) => boolean)[]>();
/** phraseTest for each phrase of a list (a pack's keywords, a data file's words), compiled once per list. */
export function phraseTests(list: readonly string[]): ((text: string) => boolean)[] {
  let tests = listTests.get(list);
  if (!tests) listTests.set(list, (tests = list.map(phraseTest)));
  return tests;
}

/** A phrase's whole-word pattern, compiled once (phrases come from the packs and data files; bounded all the same). */
export const phraseRegExp = (phrase: string): RegExp => compiledPhrase(phrase).re;

/**
 * Whole-word, case-insensitive phrase test on lower-cased text. Most phrases are not in the text
 * at all, which a substring search tells far faster than the pattern; the pattern decides the rest.
 */
export const hasPhrase = (text: string, phrase: string) => {
  const c = compiledPhrase(phrase);
  return text.includes(c.lower) && c.re.test(text);
};

/** Words for each timescale unit, one and many ("1 working day", "15 working days"). */
export const UNIT_WORDS: Record<TimescaleUnit, { one: string; many: string }> = {
  "working-days": { one: "working day", many: "working days" },
  "calendar-days": { one: "calendar day", many: "calendar days" },
  "days-unspecified": { one: "day", many: "days" },
  hours: { one: "hour", many: "hours" },
  weeks: { one: "week", many: "weeks" },
  months: { one: "month", many: "months" },
  "gestation-weeks": { one: "week of pregnancy", many: "weeks of pregnancy" },
};

/** "days (the document does not say …)": how an unclear unit is qualified where it is shown. */
export const UNSTATED_UNIT = { long: "the document does not say working or calendar days", short: "unit not stated" } as const;

/** The unit as a rule states it: "working days", "days (unit not stated)". */
export function unitPhrase(unit: TimescaleUnit, qualifier: keyof typeof UNSTATED_UNIT = "long"): string {
  return unit === "days-unspecified" ? `${UNIT_WORDS[unit].many} (${UNSTATED_UNIT[qualifier]})` : UNIT_WORDS[unit].many;
}

/** Function words left out when ranking sections and routes against a question. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  "a an the and or of to in on at for with by from is are was were be been do does did i we you my our your what which who whom how when where why there their this that these those it its can could should would will if as about into than then so just any some me us them he she they his her whats whos".split(" "),
);

/** Word families (word-families.json): each family's words, its first word first. */
export const WORD_FAMILIES: readonly (readonly string[])[] = z
  .object({ $comment: z.string(), families: z.array(z.array(z.string().min(1)).min(2)) })
  .strict()
  .parse(familiesJson).families;

/** A stemmer that reads every word of a family as the family's first word (close/closure, refer/referral). */
export function familyStemmer(stem: (w: string) => string): (w: string) => string {
  const family = new Map(WORD_FAMILIES.flatMap((f) => f.map((w) => [stem(w.replace(/'/g, "")), stem(f[0]!)] as const)));
  return (w: string) => {
    const s = stem(w);
    return family.get(s) ?? s;
  };
}
