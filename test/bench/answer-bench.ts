/**
 * `npm run bench`: index build time, answer() latency over the evaluation questions after warm-up,
 * and the process's resident memory. Figures, not pass/fail.
 */
import { readFileSync } from "node:fs";
import { answer } from "../../src/answers/index.js";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { indexesFor } from "../../src/thresholds/index.js";

const file = process.argv[2] ?? "test/eval/dev.jsonl";
const lines = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { authority: "luton"; text: string });

let t = performance.now();
const knowledge = loadKnowledge();
const loadMs = performance.now() - t;
t = performance.now();
indexesFor(knowledge);
const buildMs = performance.now() - t;

const now = new Date();
for (let i = 0; i < 3; i++) for (const l of lines) answer(l.text, { knowledge, authority: l.authority, now });
const times: number[] = [];
for (let i = 0; i < 10; i++)
  for (const l of lines) {
    const s = performance.now();
    answer(l.text, { knowledge, authority: l.authority, now });
    times.push(performance.now() - s);
  }
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
console.log(`packs loaded in ${loadMs.toFixed(0)} ms; indicator index built in ${buildMs.toFixed(0)} ms (target < 300 ms)`);
console.log(`answer() over ${lines.length} questions x 10: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${times.at(-1)!.toFixed(2)} ms (target p99 < 5 ms)`);
console.log(`resident memory ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (target < 150 MB)`);
