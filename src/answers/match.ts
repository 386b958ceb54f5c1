import { stemmer } from "stemmer";
import { FUNCTION_WORDS } from "../contract/text.js";


/** Content-word stems of a text, for ranking sections and routes against a question. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[a-z0-9][a-z0-9'-]*/g)) {
    const w = m[0].replace(/'s$/, "").replace(/'/g, "");
    if (w.length < 2 || FUNCTION_WORDS.has(w)) continue;
    out.add(stemmer(w));
  }
  return out;
}


export { hasPhrase } from "../contract/text.js";

/** Share of `target`'s stems found in `question` stems. */
export function overlap(question: Set<string>, target: Set<string>): number {
  let n = 0;
  for (const t of target) if (question.has(t)) n++;
  return n;
}
