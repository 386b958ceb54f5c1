import { harmFamilies } from "../src/thresholds/harm-net.js";
for (const s of process.argv.slice(2)) console.log(JSON.stringify(harmFamilies(s).map(h=>h.family+(h.immediate?"!":""))), "::", s);
