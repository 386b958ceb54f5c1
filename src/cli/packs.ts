import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadLocalContacts, loadPacks, PackError, PACKS_DIR } from "../knowledge/loader.js";
import type { Pack } from "../knowledge/schema.js";

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const HELP = `Usage:
  npm run --silent packs -- --json          statistics of every pack as JSON
  npm run --silent packs                    the same as a table
  npm run --silent packs -- check [--contacts <file>]
                                            validate every pack (and the local contacts file);
                                            exit 1 with file, path and problem for each error
Options: --dir <folder> (default: ${PACKS_DIR}), --contacts <file> (default: CONTACTS_FILE)`;

export function packStats(pack: Pack) {
  const perLevel = Object.fromEntries(pack.levels.map((l) => [l.id, pack.indicators.filter((i) => i.level === l.id).length]));
  const channels = pack.routes.reduce((n, r) => n + r.channels.length, 0);
  const gaps = pack.source.lacks.length + pack.routes.filter((r) => r.gap).length + pack.unstatedRules.length + pack.procedures.reduce((n, p) => n + p.gaps.length, 0);
  return {
    authority: pack.id,
    name: pack.name,
    document: pack.source.title,
    levels: pack.levels.length,
    indicators: pack.indicators.length,
    indicatorsPerLevel: perLevel,
    routes: pack.routes.length,
    channels,
    timescales: pack.timescales.length,
    timescalesWithAmount: pack.timescales.filter((t) => t.amount !== null).length,
    procedures: pack.procedures.length,
    statedGaps: gaps,
  };
}

export async function runPacksCli(argv: string[], io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        dir: { type: "string" },
        contacts: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (positionals.length > 1 || (positionals[0] && positionals[0] !== "check")) {
    io.stderr(`Unknown arguments: ${positionals.join(" ")}\n\n${HELP}\n`);
    return 2;
  }
  const contacts = values.contacts ?? process.env.CONTACTS_FILE;
  try {
    const packs = loadPacks(values.dir ?? PACKS_DIR);
    if (contacts) {
      if (!existsSync(contacts)) throw new PackError([{ file: contacts, path: "", message: "local contacts file does not exist" }]);
      loadLocalContacts(contacts, packs);
    }
    if (positionals[0] === "check") {
      io.stdout(`ok: ${packs.size} packs valid${contacts ? `, local contacts ${contacts} valid` : ""}\n`);
      return 0;
    }
    const stats = [...packs.values()].map(packStats);
    if (values.json) io.stdout(`${JSON.stringify(stats, null, 2)}\n`);
    else
      for (const s of stats)
        io.stdout(
          `${s.name}: ${s.levels} levels, ${s.indicators} indicators ${JSON.stringify(s.indicatorsPerLevel)}, ${s.routes} routes (${s.channels} channels), ${s.timescales} timescales, ${s.procedures} procedures, ${s.statedGaps} stated gaps\n`,
        );
    return 0;
  } catch (e) {
    if (e instanceof PackError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
