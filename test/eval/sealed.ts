/**
 * `npm run eval:sealed`: scores the sealed halves of the project's own blind sets and prints totals
 * only — never a question, never which ones failed — so that they stay a measure of generality
 * rather than one more set to tune to. The sets were written by helpers who saw only the documents.
 */
import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { loadKnowledge } from "../../src/knowledge/index.js";
import { EvalLine } from "./harness/expectation.js";
import { evaluate } from "./harness/run.js";
import { probe, readProbe } from "./harness/harm-probe.js";

const dir = new URL("./sealed/", import.meta.url);
const knowledge = loadKnowledge();
const pct = (x: number, n: number) => (n ? `${((100 * x) / n).toFixed(1)}%` : "n/a");
const unseal = (name: string) => gunzipSync(Buffer.from(readFileSync(new URL(name, dir), "utf8").replace(/\s+/g, ""), "base64")).toString("utf8");
// The sealed half of the significant-harm probe: sentences of harm and near misses, totals per authority.
for (const name of readdirSync(dir).filter((f) => f.endsWith(".probe-sealed")).sort())
  for (const line of probe(readProbe(unseal(name)), knowledge)) console.log(`${name.replace(".probe-sealed", "")} ${line}`);
for (const name of readdirSync(dir).filter((f) => f.endsWith(".sealed")).sort()) {
  const text = unseal(name);
  const lines = text.split("\n").filter((l) => l.trim()).map((l) => EvalLine.parse(JSON.parse(l)));
  const r = evaluate(lines, knowledge, new Date("2026-12-01T10:00:00Z"));
  const o = r.overall.system;
  const other = ["route", "deadline", "procedure", "answer"].map((k) => r.kinds[k] ?? { n: 0, pass: 0 });
  const otherPass = other.reduce((s, k) => s + k.pass, 0);
  const otherN = other.reduce((s, k) => s + k.n, 0);
  console.log(
    `${name.replace(".sealed", "")} (${lines.length} sealed questions): threshold tier ${pct(o.tierCorrect, o.n)} (exact level ${pct(o.levelCorrect, o.n)}), ` +
      `tier-4 answered lower ${o.underTriage.length}, over-triage ${o.overTriage}, immediate danger ${o.dangerFound}/${o.dangerExpected}, ` +
      `vague sent to MASH ${r.clarify.correct}/${r.clarify.n}; routes, deadlines and procedures ${otherPass}/${otherN}; other authority cited ${r.crossAuthority.length}`,
  );
}
