import { z } from "zod";
import { stemmer } from "stemmer";
import answerTypesJson from "./answer-types.json" with { type: "json" };
import { cueMatcher } from "./cues.js";
import { hasPhrase } from "./match.js";
import { escapeRegExp } from "../contract/text.js";

const TypeSpec = z.object({ list: z.boolean().optional(), route: z.boolean().optional(), asks: z.array(z.string().min(1)).min(1), answers: z.array(z.string().min(1)).min(1) }).strict();
const AnswerTypeTable = z
  .object({
    $comment: z.string(),
    gap: z.object({ words: z.number().int().min(0).max(4), weight: z.number().min(0).max(1), minCueWeight: z.number() }),
    fold: z.record(z.string(), z.string()),
    bonus: z.number().min(0),
    maxBonus: z.number().min(0),
    beyond: z.object({ $comment: z.string(), asks: z.array(z.string().min(1)).min(1) }).strict(),
    proForms: z.object({ $comment: z.string(), refersBack: z.array(z.string().min(1)).min(1), wants: z.array(z.string().min(1)).min(1) }).strict(),
    types: z.record(z.string().regex(/^[a-z]+$/), TypeSpec),
  })
  .strict();
const table = AnswerTypeTable.parse(answerTypesJson);

export const ANSWER_BONUS = { each: table.bonus, max: table.maxBonus } as const;

/** A form of three words or more, or one written with "…", is specific enough to have other words between its own. */
const specific = (phrase: string) => phrase.includes("…") || phrase.trim().split(/\s+/).length >= 3;
const asks = cueMatcher(
  Object.entries(table.types).flatMap(([tag, t]) => t.asks.map((phrase) => ({ tag, phrase, weight: specific(phrase) ? table.gap.minCueWeight : 1 }))),
  table,
);

/** The kinds of sentence a question's form asks for ("who do I tell" → recipient; "what must it include" → content). */
export function askedTypes(text: string): string[] {
  return [...new Set(asks.matches(text).map((m) => m.tag))];
}

/** Whether an asking clause wants someone beyond those it names or already has ("anyone else who should be invited?"). */
export function asksBeyond(text: string): boolean {
  return questionClauses(text).some((c) => table.beyond.asks.some((w) => hasPhrase(c, w)));
}

/** Words that open a clause which asks ("should her carer sit in", "anything I need to do before I ring"). */
const ASKING = new Set([
  "who", "whom", "whose", "what", "whats", "what's", "when", "whens", "when's", "where", "wheres", "where's", "which", "why", "how", "hows", "how's",
  "can", "could", "may", "might", "must", "should", "shall", "do", "does", "did", "is", "are", "will", "would", "anything", "anyone", "any", "whats",
]);

/**
 * The clauses of a text that ask something: those a question mark ends, and those that open with a question word or an
 * auxiliary ("should her carer sit in", "who next", "anything I need to do before I ring"). The rest describe.
 */
export function questionClauses(text: string): string[] {
  const out: string[] = [];
  const re = /([^,;:?!.()]+?)(\?|[,;:!.()]|\s[-–—/]\s|$)/g;
  const all = [...text.toLowerCase().matchAll(re)].filter((m) => m[1]!.trim());
  all.forEach((m, k) => {
    // "… who do i tell? and does the SW see the child alone": a clause may open with "and" and still ask.
    const clause = m[1]!.trim().replace(/^(?:and|or|also|plus|but|then|&)\s+(?=\S)/, "");
    // "told her friend (who told me)": an aside in brackets describes; it asks only with a question mark.
    if (all[k - 1]?.[2] === "(" && m[2] === ")") return;
    const first = /^[a-z']+/.exec(clause)?.[0] ?? "";
    // The last clause, when a few words that name what is wanted ("… baby on a cp plan - timescale for review conference").
    const lastAsks = k === all.length - 1 && all.length > 1 && clause.split(/\s+/).length <= 6 && askedTypes(clause).length > 0;
    if (m[2] === "?" || ASKING.has(first) || lastAsks) out.push(clause);
  });
  return out;
}

/**
 * The kinds of sentence the question's asking clauses ask for, leaving out what its description happens to say ("she
 * smacks her 8yo when he won't listen" asks no time). A text with no asking clause at all ("criteria to close a CIN
 * plan") is read whole.
 */
export function askedInQuestion(text: string): string[] {
  const asking = questionClauses(text).map((c) => withAntecedent(c, text));
  if (asking.length === 0) return text.split(/\s+/).length <= NOUN_PHRASE_WORDS ? askedTypes(text) : [];
  // A clause that opens with a modal ("should her carer sit in", "can FPS work with them anyway") asks whether something may,
  // must or should be done.
  // So does a yes/no question about something other than the situation described ("are age assessments routine for UASC",
  // "does a referral go down a different route"); "is this CSE?", "is she at risk" ask about the situation itself.
  const modal = asking.some((c) => {
    const [first = "", second = ""] = c.split(/\s+/);
    return MODALS.has(first) || (YES_NO.has(first) && !DEICTIC.has(second));
  });
  // A few words and a question mark, no question word ("… living with a family friend for 3 months - private fostering?"),
  // ask whether it is that.
  // ("LADO contact bracknell forest?" names a way to reach someone: it asks for that.)
  const isIt = asking.some((c) => {
    if (ASKING.has(/^[a-z']+/.exec(c)?.[0] ?? "") || c.split(/\s+/).length > 4 || askedTypes(c).length > 0) return false;
    const gives = sentenceTypes(c);
    return !gives.has("recipient") && !gives.has("channel");
  });
  return [...new Set([...asking.flatMap(askedTypes), ...(modal ? ["permission"] : []), ...(isIt ? ["definition"] : [])])];
}

const PRO_FORM = new RegExp(`\\b(?:${[...table.proForms.refersBack].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})\\b`);
const WANTS = new RegExp(`(?:^|\\s)(?:${[...table.proForms.wants].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|")})\\s+(.+)$`);

/**
 * "Want to refer a 15 yo to targeted youth services, nothing else. how do I do it?": an asking clause that asks how to do
 * "it" is read with what the clause before it wants to do ("how do I refer a 15 yo to targeted youth services").
 */
function withAntecedent(clause: string, text: string): string {
  if (!PRO_FORM.test(clause)) return clause;
  const at = text.toLowerCase().indexOf(clause);
  if (at <= 0) return clause;
  const before = text.toLowerCase().slice(0, at).split(/[.;:?!]|\s[-–—]\s/).map((s) => s.trim()).filter(Boolean);
  for (const sentence of before.reverse()) {
    const wanted = WANTS.exec(sentence.split(",")[0]!.trim());
    if (wanted) return clause.replace(PRO_FORM, wanted[1]!.trim());
  }
  return clause;
}

/** A text of at most this many words with no asking clause is a noun phrase that asks ("criteria to close a CIN plan"). */
const NOUN_PHRASE_WORDS = 10;
const MODALS = new Set(["can", "could", "may", "might", "must", "should", "shall", "will", "would"]);
const YES_NO = new Set(["is", "are", "does", "do", "did", "was", "were"]);
const DEICTIC = new Set(["this", "that", "it", "these", "those", "he", "she", "they", "there", "i", "we", "you", "her", "his", "their", "my", "our"]);

/** Whether the question's form asks only for a route: whom to tell, which form or email ("who does it go to", "email?"). */
export const asksOnlyRoute = (types: readonly string[]) => types.length > 0 && types.every((t) => table.types[t]?.route === true);

/** Whether the question asks for a way to reach a service (a form, an email, a number). */
export const asksChannel = (types: readonly string[]) => types.includes("channel");

/** Whether the question asks for something the document gives as a list (its lead sentence and every item). */
export const wantsList = (types: readonly string[]) => types.some((t) => table.types[t]?.list === true);

const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;
const answerCues = Object.entries(table.types).map(([tag, t]) => ({
  tag,
  words: new Set(t.answers.filter((a) => !a.includes(" ")).map((a) => stemmer(a.toLowerCase()))),
  phrases: t.answers.filter((a) => a.includes(" ")).map((a) => a.toLowerCase()),
}));

/** The kinds of answer a sentence gives: it names whom to contact, a time, a list, a permission… (its words, stemmed; its phrases whole). */
export function sentenceTypes(sentence: string): Set<string> {
  const lower = sentence.toLowerCase();
  const words = new Set((lower.match(WORD) ?? []).map((w) => stemmer(w)));
  const out = new Set<string>();
  for (const c of answerCues) if ([...c.words].some((w) => words.has(w)) || c.phrases.some((p) => hasPhrase(lower, p))) out.add(c.tag);
  return out;
}
