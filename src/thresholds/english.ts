import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * Is this a real English word? The word list (an-array-of-english-words, sorted, a–z only) is kept
 * as its own file text with an index of where each word starts, and searched by bisection: a few
 * megabytes, instead of a quarter of a million strings in a Set.
 */
let text = "";
let starts: Int32Array | null = null;

function load(): Int32Array {
  const file = createRequire(import.meta.url).resolve("an-array-of-english-words/index.json");
  text = readFileSync(file, "utf8");
  const at: number[] = [];
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', text.indexOf('"', i + 1) + 1)) at.push(i + 1);
  return (starts = Int32Array.from(at));
}

const wordAt = (s: Int32Array, k: number) => text.slice(s[k]!, text.indexOf('"', s[k]!));

export function isEnglishWord(word: string): boolean {
  const s = starts ?? load();
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = wordAt(s, mid);
    if (w === word) return true;
    if (w < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
