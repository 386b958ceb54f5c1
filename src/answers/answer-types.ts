import { z } from "zod";
import { stemmer } from "stemmer";
import answerTypesJson from "./answer-types.json" with { type: "json" };
import { cueMatcher } from "./cues.js";
import { hasPhrase } from "./match.js";

const TypeSpec = z.object({ list: z.boolean().optional(), route: z.boolean().optional(), asks: z.array(z.string().min(1)).min(1), answers: z.array(z.string().min(1)).min(1) }).strict();
const AnswerTypeTable = z
  .object({
    $comment: z.string(),
    gap: z.object({ words: z.number().int().min(0).max(4), weight: z.number().min(0).max(1), minCueWeight: z.number() }),
    fold: z.record(z.string(), z.string()),
    bonus: z.number().min(0),
    maxBonus: z.number().min(0),
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
