import { distance } from "fastest-levenshtein";
import type { Knowledge, Pack } from "../knowledge/index.js";
import { documentText } from "../knowledge/document.js";
import { isEnglishWord } from "../thresholds/english.js";
import type { Question } from "./text.js";

/**
 * Typos mended against the words the authority's document and its timescale rules use ("single
 * assesment extended" reads "assessment", "caring responsiblities" reads "responsibilities"), so
 * that a misspelt word still meets the sentence or the rule it means. Only a word of six letters
 * or more that is not English and is one edit (two from ten letters) from exactly such a word is
 * mended; the indicator matcher mends its own from the grids.
 */

const MIN_LENGTH = 6;

interface Corrector {
  words: Set<string>;
  byLength: Map<number, string[]>;
  memo: Map<string, string>;
}

const correctors = new WeakMap<Pack, Corrector>();

function corrector(knowledge: Knowledge, pack: Pack): Corrector {
  let c = correctors.get(pack);
  if (c) return c;
  const wording = knowledge.deadlineWording?.get(pack.id);
  const texts = [
    documentText(pack),
    ...pack.timescales.flatMap((t) => [t.label, ...t.keywords]),
    ...Object.values(wording?.rules ?? {}).flatMap((r) => [...r.asks, ...r.after, ...(r.when ?? [])]),
  ];
  const words = new Set<string>();
  for (const t of texts) for (const m of t.toLowerCase().matchAll(/[a-z]{6,}/g)) words.add(m[0]);
  const byLength = new Map<number, string[]>();
  for (const w of words) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  c = { words, byLength, memo: new Map() };
  correctors.set(pack, c);
  return c;
}

function mendWord(c: Corrector, w: string): string {
  if (w.length < MIN_LENGTH || c.words.has(w)) return w;
  const hit = c.memo.get(w);
  if (hit !== undefined) return hit;
  let best = w;
  if (!isEnglishWord(w)) {
    const most = w.length >= 10 ? 2 : 1;
    let bestD = most + 1;
    let ties = 0;
    for (let len = w.length - most; len <= w.length + most; len++)
      for (const cand of c.byLength.get(len) ?? []) {
        const d = distance(w, cand);
        if (d > most) continue;
        if (d < bestD) [best, bestD, ties] = [cand, d, 1];
        else if (d === bestD && cand !== best) ties++;
      }
    // Two words equally near ("forms"/"firms") leave the typo as it is.
    if (ties > 1) best = w;
  }
  if (c.memo.size < 10_000) c.memo.set(w, best);
  return best;
}

/** The question with its typos mended against the pack's own words; the same question when it has none. */
export function mendTypos(q: Question, knowledge: Knowledge, pack: Pack): Question {
  const c = corrector(knowledge, pack);
  const mend = (s: string) => s.replace(/[A-Za-z]{6,}/g, (w) => {
    const lower = w.toLowerCase();
    const m = mendWord(c, lower);
    return m === lower ? w : m;
  });
  const text = mend(q.text);
  return text === q.text ? q : { ...q, text, raw: mend(q.raw) };
}
