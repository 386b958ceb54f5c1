import type { Knowledge } from "../knowledge/index.js";
import { decide } from "./decide.js";
import { harmFamilies } from "./harm-net.js";
import { childAge } from "./analyse.js";
import { indexesFor } from "./index-build.js";

/**
 * How the threshold matcher read a question, for people: the clauses, who each is about, the
 * indicators considered with their scores and the words that met, the harm net, and the rule that
 * decided the level. Printed by `ask --explain`; it shows the question back, so it is never logged.
 */
export function explainThreshold(knowledge: Knowledge, authority: string, question: string): string[] {
  const pack = [...knowledge.packs.values()].find((p) => p.id === authority);
  if (!pack) return [`No pack for "${authority}".`];
  const age = childAge(question);
  const net = harmFamilies(question, age);
  const out = [`Authority: ${pack.name}. Child's age: ${age ?? "not given"}.`];
  out.push(`Harm net: ${net.length ? net.map((h) => `${h.family}${h.immediate ? " (immediate)" : ""}`).join(", ") : "nothing"}.`);
  const index = indexesFor(knowledge).get(authority);
  if (!index) {
    out.push(`${pack.name} has no indicator grid: significant harm is judged by the harm net and the other grids.`);
    return out;
  }
  const d = decide(index, question);
  for (const c of d.trace) {
    out.push(`${c.whole ? "Whole question" : "Clause"}: "${c.clause}" — about: ${c.subject ?? "not said"}, polarity: ${c.polarity}`);
    out.push(`  tokens: ${c.tokens.join(" ")}`);
    for (const k of c.candidates) out.push(`  ${k.score.toFixed(2).padStart(6)}  [${k.level}] ${k.id}  via ${k.own ? "indicator text" : "our description"} "${k.phrase}"  (shared: ${k.shared.join(" ")})`);
  }
  out.push(`Chosen: ${d.matches.slice(0, 6).map((m) => `${m.item.indicator.id} ${m.score.toFixed(2)}${m.family ? ` (net: ${m.family})` : ""}`).join(", ") || "none"}`);
  out.push(`Rule: ${JSON.stringify(d.rule)}. Level: ${d.level?.name ?? "none (consult the MASH)"}; confidence ${d.confidence}; immediate danger ${d.immediateDanger}.`);
  if (d.between) out.push(`Between levels: up to ${d.between.higher.name} if: ${d.between.decider}`);
  return out;
}
