import { readFileSync } from "node:fs";
import { harmFamilies, harmNet } from "../src/thresholds/harm-net.js";
// For open-set lines not expected at the top level: which families fire, and the phrase/together that made them.
for (const f of process.argv.slice(2)) for (const l of readFileSync(f, "utf8").split("\n").filter(Boolean).map((x) => JSON.parse(x))) {
  const e = l.expect ?? { tier: l.harm ? 4 : 2 };
  if (e.tier === 4 || e.kind === "route" || e.kind === "procedure" || e.kind === "deadline") continue;
  const h = harmFamilies(l.text);
  if (h.length) console.log(h.map((x) => x.family).join(","), "::", l.text.slice(0, 160));
}
