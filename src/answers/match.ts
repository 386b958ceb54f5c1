import { stemmer } from "stemmer";

const STOP = new Set(
  "a an the and or of to in on at for with by from is are was were be been do does did i we you my our your what which who whom how when where why there their this that these those it its can could should would will if as about into than then so just any some me us them he she they his her whats whos".split(" "),
);

/** Content-word stems of a text, for ranking sections and routes against a question. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[a-z0-9][a-z0-9'-]*/g)) {
    const w = m[0].replace(/'s$/, "").replace(/'/g, "");
    if (w.length < 2 || STOP.has(w)) continue;
    out.add(stemmer(w));
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whole-word, case-insensitive phrase test. */
export const hasPhrase = (text: string, phrase: string) => new RegExp(`(?<![a-z0-9])${escape(phrase.toLowerCase())}(?![a-z0-9])`).test(text);

/** Share of `target`'s stems found in `question` stems. */
export function overlap(question: Set<string>, target: Set<string>): number {
  let n = 0;
  for (const t of target) if (question.has(t)) n++;
  return n;
}
