import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadLocalContacts, loadPacks, PackError, PACKS_DIR } from "../knowledge/loader.js";
import type { Pack } from "../knowledge/schema.js";
import { diffPack, formatPackDiff } from "../knowledge/diff.js";
import { readDocument, verifyPackInDir, type VerifyReport } from "../knowledge/verify.js";

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
  npm run --silent packs -- verify [authority]
                                            every indicator, quote, phone number, email, URL and
                                            timescale figure found in the pack's own document;
                                            exit 1 naming the pack path and text of each miss
  npm run --silent packs -- diff <authority> <new-document> [--json]
                                            sentences and grid lines added, removed or changed
                                            between the pack's document and a new text, section
                                            by section; the pack entries citing changed text and
                                            what the new text no longer contains; exit 0 when
                                            nothing changed, 1 otherwise
Options: --dir <folder> (default: PACKS_DIR, else ${PACKS_DIR}), --contacts <file> (default: CONTACTS_FILE)`;

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

/** `defaults` come from the settings (PACKS_DIR, CONTACTS_FILE); --dir and --contacts override them. */
export async function runPacksCli(argv: string[], io: Io, defaults: { dir?: string; contacts?: string } = {}): Promise<number> {
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
  const [command, ...rest] = positionals;
  const arity: Record<string, [number, number]> = { check: [0, 0], verify: [0, 1], diff: [2, 2] };
  const [min, max] = command === undefined ? [0, 0] : (arity[command] ?? [-1, -1]);
  if (command !== undefined && (min < 0 || rest.length < min || rest.length > max)) {
    io.stderr(`Unknown arguments: ${positionals.join(" ")}\n\n${HELP}\n`);
    return 2;
  }
  const contacts = values.contacts ?? defaults.contacts;
  const dir = values.dir ?? defaults.dir ?? PACKS_DIR;
  try {
    const packs = loadPacks(dir);
    if (contacts) {
      if (!existsSync(contacts)) throw new PackError([{ file: contacts, path: "", message: "local contacts file does not exist" }]);
      loadLocalContacts(contacts, packs);
    }
    if (command === "verify") return verifyCommand(packs, dir, rest[0], io);
    if (command === "diff") return diffCommand(packs, dir, rest[0]!, rest[1]!, values.json, io);
    if (command === "check") {
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

const displayPath = (file: string) => relative(process.cwd(), file) || file;

function verifyCommand(packs: Map<string, Pack>, dir: string, authority: string | undefined, io: Io): number {
  if (authority !== undefined && !packs.has(authority)) {
    io.stderr(`Unknown authority "${authority}". Use one of: ${[...packs.keys()].join(", ")}.\n`);
    return 2;
  }
  const reports: VerifyReport[] = [...packs]
    .filter(([id]) => authority === undefined || id === authority)
    .map(([id, pack]) => verifyPackInDir(pack, join(dir, id), displayPath(join(dir, id, "pack.json"))));
  let misses = 0;
  for (const r of reports) {
    for (const m of r.misses) io.stdout(`${r.file} ${m.path}: ${m.message}\n`);
    misses += r.misses.length;
    const c = r.counts;
    io.stdout(
      `${r.authority}: ${c.indicator} indicators, ${c.quote} quotes, ${c.phone} phone numbers, ${c.email} emails, ${c.url} URLs, ${c.figure} timescale figures checked; ${r.misses.length} not found\n`,
    );
  }
  return misses ? 1 : 0;
}

function diffCommand(packs: Map<string, Pack>, dir: string, authority: string, newFile: string, json: boolean, io: Io): number {
  const pack = packs.get(authority);
  if (!pack) {
    io.stderr(`Unknown authority "${authority}". Use one of: ${[...packs.keys()].join(", ")}.\n`);
    return 2;
  }
  const oldText = readDocument(pack, join(dir, authority));
  if (oldText === null) {
    io.stderr(`${displayPath(join(dir, authority, pack.source.document.file))}: the pack's document is missing\n`);
    return 2;
  }
  if (!existsSync(newFile)) {
    io.stderr(`${newFile}: no such file\n`);
    return 2;
  }
  const d = diffPack(pack, oldText, readFileSync(newFile, "utf8"));
  io.stdout(json ? `${JSON.stringify(d, null, 2)}\n` : formatPackDiff(pack, d));
  return d.unchanged ? 0 : 1;
}
