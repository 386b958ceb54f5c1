import { readFileSync } from "node:fs";
import { harmFamilies } from "../../../src/thresholds/index.js";
const PROG = /\b(?:is|are|am|was|were|'s|’s|'re|’re|i'm|im|he's|she's|hes|shes|they're|theyre)\s+(?:still\s+|currently\s+|now\s+|just\s+)?(?!being\b|going to\b)([a-z]+ing|sat|stood|outside|here|there|downstairs|upstairs|waiting)\b/i;
const HABIT = /\b(?:been|every|always|often|regularly|usually|most days|keeps|sometimes|for (?:weeks|months|years)|since (?:yr|year))\b/i;
let tp=0, fp=0, fn=0, tn=0; const show: string[] = [];
for (const f of process.argv.slice(2)) for (const l of readFileSync(f, "utf8").split("\n").filter(Boolean).map((x) => JSON.parse(x))) {
  const harm = l.harm ?? l.expect?.tier === 4; const now = l.now ?? l.expect?.immediateDanger === true;
  if (!harm) continue;
  const net = harmFamilies(l.text);
  if (!net.length || net.some(h => h.immediate)) continue;
  const sentences = l.text.split(/(?<=[.;!?])\s+|\n+/);
  const hit = sentences.some((s: string) => { const m = PROG.exec(s); return m && !HABIT.test(s); });
  if (hit && now) tp++; else if (hit && !now) { fp++; show.push("FP " + l.text); } else if (!hit && now) { fn++; show.push("FN " + l.text); } else tn++;
}
console.log(show.join("\n")); console.log({ tp, fp, fn, tn });
