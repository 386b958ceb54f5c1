import { stemmer } from "stemmer";
import { escapeRegExp as escape, familyStemmer, FUNCTION_WORDS, uncontracted } from "../contract/text.js";


/** A bounded memo: work done once per key (pack texts, phrases), forgotten wholesale when full. */
export function memo<K, V>(make: (key: K) => V, max = 20_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key: K) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= max) cache.clear();
      v = make(key);
      cache.set(key, v);
    }
    return v;
  };
}

/** The stem of one word, word families joined (the Porter stemmer is the costly part; English has few words). */
const stemOf = memo(familyStemmer(stemmer), 50_000);

/** A word as `stems` reads it: its stem, or null for a function word or a single character (worked out once per word). */
const contentStem = memo((word: string): string | null => {
  const w = uncontracted(word);
  return w.length < 2 || FUNCTION_WORDS.has(w) ? null : stemOf(w);
}, 50_000);

const WORDS = /[a-z0-9][a-z0-9'-]*/g;
/** The stem `stems` gives a single word (one match of its word pattern, lower case), or undefined when it gives none. */
export const wordStem = (word: string): string | undefined => contentStem(word) ?? undefined;
/** Content-word stems of a text, for ranking sections and routes against a question. */
export function stems(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(WORDS)) {
    const s = contentStem(m[0]);
    if (s !== null) out.add(s);
  }
  return out;
}


/**
 * `stems` of a text that comes from a pack (route names, titles, headings), worked out once and
 * shared: callers only read the set.
 */
export const packStems: (text: string) => ReadonlySet<string> = memo(stems, 10_000);

/** A regular expression compiled once per source (the phrases and names come from the packs). */
export const regex = memo((source: string) => new RegExp(source), 20_000);

/** A name standing on its own ("(?:^|[^a-z0-9])name(?:$|[^a-z0-9])"), compiled once. */
export const nameRe = memo((name: string) => regex(`(?:^|[^a-z0-9])${escape(name.toLowerCase())}(?:$|[^a-z0-9])`), 10_000);

const lowerName = memo((name: string) => name.toLowerCase(), 10_000);
/**
 * Where a name stands on its own in the text (as `nameRe(name).exec(text)?.index`), or -1. A name
 * absent from the text (most names, for most questions) is told by a substring search first.
 */
export const nameAt = (text: string, name: string): number => (text.includes(lowerName(name)) ? (nameRe(name).exec(text)?.index ?? -1) : -1);

/** Whole-word, case-insensitive phrase test (its pattern compiled once). */
export { hasPhrase, phraseTest, phraseTests } from "../contract/text.js";

/** Share of `target`'s stems found in `question` stems. */
export function overlap(question: ReadonlySet<string>, target: ReadonlySet<string>): number {
  let n = 0;
  for (const t of target) if (question.has(t)) n++;
  return n;
}
