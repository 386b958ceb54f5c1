/**
 * `npm run build`, after compiling: the work the bot would otherwise repeat at every start, done once
 * and written beside the compiled code, each checked here against the work done afresh.
 *  - the England bank holidays of 2000–2105 (deadlines), so date-holidays is not loaded at start;
 *  - the packs as their schemas and cross-checks produce them, under a hash of every file read;
 *  - the analysis of every indicator text and description (the indicator index), under a hash of the texts;
 *  - the significant-harm net compiled (every term stemmed), under a hash of the net and the vocabulary.
 * The running bot checks each before using it and falls back to the original work when it does not
 * apply (a pack edited since, another library version, the sources run with tsx). Packs that fail
 * their checks are not snapshotted: the bot then reports them at start, as it always has.
 */
import { rmSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { BANK_HOLIDAYS_FILE, BANK_HOLIDAY_YEARS, bankHolidayTable, readBankHolidayTable } from "../deadlines/index.js";
import { checkedAtBuild, checkPacks, PACKS_DIR, PackError, SNAPSHOT_FILE, snapshotOf, type Knowledge } from "../knowledge/index.js";
import {
  analyseEntries,
  analysisKey,
  compileNet,
  entryTexts,
  HARM_NET_ARTEFACT_FILE,
  harmNet,
  harmNetArtefact,
  INDEX_ARTEFACT_FILE,
  packAnalysis,
  precomputedAnalysis,
  readHarmNetArtefact,
  readIndexArtefact,
} from "../thresholds/index.js";

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`artefact check failed: ${what} read back differs from the work done afresh`);
}

const holidays = bankHolidayTable();
writeFileSync(BANK_HOLIDAYS_FILE, JSON.stringify(holidays));
check(isDeepStrictEqual(readBankHolidayTable(), holidays.years), BANK_HOLIDAYS_FILE);
const notes = [`bank holidays ${BANK_HOLIDAY_YEARS.from}–${BANK_HOLIDAY_YEARS.to}`];

const net = harmNetArtefact();
writeFileSync(HARM_NET_ARTEFACT_FILE, JSON.stringify(net));
const netBack = readHarmNetArtefact();
check(netBack !== null && isDeepStrictEqual(netBack.net, compileNet(harmNet)) && netBack.netAsParsed === net.netAsParsed, HARM_NET_ARTEFACT_FILE);
notes.push(`harm net of ${net.net.families.length} families compiled (${net.net.terms.length} terms)`);

let checked;
try {
  checked = checkPacks(PACKS_DIR);
} catch (e) {
  if (!(e instanceof PackError)) throw e;
  rmSync(SNAPSHOT_FILE, { force: true });
  rmSync(INDEX_ARTEFACT_FILE, { force: true });
  console.warn(`artefacts: the packs do not pass their checks, so they are checked at start instead (where the bot reports why):\n${e.message}`);
}
if (checked) {
  writeFileSync(SNAPSHOT_FILE, JSON.stringify(snapshotOf(PACKS_DIR, checked)));
  check(isDeepStrictEqual(checkedAtBuild(PACKS_DIR), checked), SNAPSHOT_FILE);
  notes.push(`${checked.packs.size} packs checked`);

  const knowledge: Knowledge = { packs: checked.packs, local: null, language: checked.language, deadlineWording: checked.deadlineWording };
  const packs: Record<string, ReturnType<typeof packAnalysis>> = {};
  const analysed = new Map<string, ReturnType<typeof analyseEntries>>();
  for (const pack of checked.packs.values()) {
    if (!pack.hasIndicatorGrid) continue;
    const texts = entryTexts(knowledge, pack);
    const tokens = analyseEntries(texts);
    analysed.set(pack.id, tokens);
    packs[pack.id] = packAnalysis(analysisKey(pack.id, texts), tokens);
  }
  writeFileSync(INDEX_ARTEFACT_FILE, JSON.stringify({ format: 1, packs }));
  const back = readIndexArtefact();
  for (const [id, tokens] of analysed) check(isDeepStrictEqual(precomputedAnalysis(back, id, entryTexts(knowledge, checked.packs.get(id)!)), tokens), `${INDEX_ARTEFACT_FILE} (${id})`);
  notes.push(`indicator texts of ${analysed.size} grids analysed (${[...analysed.values()].reduce((n, t) => n + t.length, 0)} entries)`);
}
console.log(`artefacts: ${notes.join("; ")}`);
