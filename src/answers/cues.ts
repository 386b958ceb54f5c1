/**
 * Phrases of a question met as practitioners write them: within one clause (a comma, dash or
 * question mark ends it, so "…her, what do I do" never meets "her what"), with pronouns folded
 * ("we" read as "i"), and a specific phrase tolerating a word or two of its own between its words
 * ("who in s47 decides" meets "who decides"). Used for the kind of answer a question wants
 * (intents.json) and for the kind of sentence that answers it (answer-types.json).
 */

export interface CueOptions {
  /** Words that read as one ("we" → "i"). */
  fold: Readonly<Record<string, string>>;
  /** Up to this many other words between a cue's own, for cues of at least minCueWeight, at weight × gap.weight. */
  gap: { words: number; weight: number; minCueWeight: number };
}

export interface CueSpec<T> {
  tag: T;
  phrase: string;
  weight: number;
}

export interface CueMatch<T> {
  tag: T;
  phrase: string;
  /** The cue's weight, less when words came between its own. */
  weight: number;
  /** True when the cue's words stood side by side. */
  exact: boolean;
  clause: number;
  start: number;
  end: number;
  /** The cue's own weight as written. */
  cueWeight: number;
}

/** A text's words clause by clause, lower-cased. */
export function clauses(text: string): string[][] {
  return text
    .toLowerCase()
    .split(/[,;:?!.()]+|\s[-–]\s/)
    .map((c) => c.match(/[a-z0-9]+/g) ?? [])
    .filter((c) => c.length > 0);
}

interface Compiled<T> {
  tag: T;
  phrase: string;
  words: string[];
  weight: number;
}

export interface CueMatcher<T> {
  /** Every cue met; a cue of one tag inside a longer cue of another ("procedure" in "which procedure") gives way to it. Read only: the same list is given for the same text. */
  matches(text: string): readonly CueMatch<T>[];
  /** The text's words with the pronouns folded, for callers that compare word pairs. */
  words(text: string): string[];
}

export function cueMatcher<T>(specs: readonly CueSpec<T>[], options: CueOptions): CueMatcher<T> {
  const folded = (words: string[]) => words.map((w) => options.fold[w] ?? w);
  // Cues of a tag that fold to the same words ("can we", "can i") count once, at the higher weight.
  const byKey = new Map<string, Compiled<T>>();
  for (const s of specs) {
    const words = folded(clauses(s.phrase).flat());
    const key = `${String(s.tag)}\u0000${words.join(" ")}`;
    if (words.length && (byKey.get(key)?.weight ?? -Infinity) < s.weight) byKey.set(key, { tag: s.tag, phrase: s.phrase, words, weight: s.weight });
  }
  const cues = [...byKey.values()];
  /** Each first word's cues, by their place in `cues`. */
  const byFirst = new Map<string, number[]>();
  cues.forEach((c, i) => {
    const list = byFirst.get(c.words[0]!);
    if (list) list.push(i);
    else byFirst.set(c.words[0]!, [i]);
  });
  /** Matches of the last few texts; callers only read them. */
  const recent = new Map<string, CueMatch<T>[]>();

  function find(cue: Compiled<T>, words: string[], clause: number): CueMatch<T> | null {
    const gap = cue.weight >= options.gap.minCueWeight ? options.gap.words : 0;
    let best: CueMatch<T> | null = null;
    for (let s = 0; s < words.length; s++) {
      if (words[s] !== cue.words[0]) continue;
      let at = s;
      let gaps = 0;
      for (let k = 1; k < cue.words.length && at >= 0; k++) {
        let next = -1;
        for (let j = at + 1; j <= Math.min(words.length - 1, at + 1 + gap); j++)
          if (words[j] === cue.words[k]) {
            next = j;
            break;
          }
        if (next > at + 1) gaps++;
        at = next;
      }
      if (at < 0) continue;
      const weight = cue.weight * (gaps > 0 ? options.gap.weight : 1);
      if (!best || weight > best.weight) best = { tag: cue.tag, phrase: cue.phrase, weight, exact: gaps === 0, clause, start: s, end: at, cueWeight: cue.weight };
      if (gaps === 0) break;
    }
    return best;
  }

  return {
    // Word pairs for comparing a question with examples: hyphens and slashes part words here ("13-year-old" is "13 year old").
    words: (text) => folded(text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").split(/\s+/).filter(Boolean)),
    matches(text) {
      // A question is read by several parts of the answer (intents, forms, topic): the last few texts' matches are kept.
      const hit = recent.get(text);
      if (hit) return hit;
      const cs = clauses(text).map(folded);
      // A cue is met only where its first word is: most cues' first words are not in the text at all, so only the cues
      // whose first word it has are tried, in the cues' own order.
      const candidates: number[] = [];
      for (const w of new Set(cs.flat())) {
        const list = byFirst.get(w);
        if (list) for (const i of list) candidates.push(i);
      }
      candidates.sort((a, b) => a - b);
      const found: CueMatch<T>[] = [];
      for (const i of candidates) {
        const cue = cues[i]!;
        for (let c = 0; c < cs.length; c++) {
          const m = find(cue, cs[c]!, c);
          if (m) {
            found.push(m);
            break;
          }
        }
      }
      const out = found.filter(
        (m) => !found.some((o) => o.tag !== m.tag && o.clause === m.clause && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
      );
      if (recent.size >= 8) recent.delete(recent.keys().next().value!);
      recent.set(text, out);
      return out;
    },
  };
}
