import { readFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { AuthorityId, LocalContacts, Pack } from "./schema.js";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The packs that ship with the project; PACKS_DIR (src/config.ts) can point elsewhere. They are
 * data, read at run time from the source tree: the compiled code (dist/knowledge/, `npm start`)
 * reads the same folder as the sources (src/knowledge/), so editing a pack needs no rebuild.
 */
export const PACKS_DIR = existsSync(join(here, "packs")) ? join(here, "packs") : join(here, "..", "..", "src", "knowledge", "packs");

/** One precise problem found in a pack or contact file: which file, where in it, what is wrong. */
export interface PackProblem {
  file: string;
  path: string;
  message: string;
}

export class PackError extends Error {
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((p) => `${p.file} ${p.path || "(root)"}: ${p.message}`).join("\n"));
    this.name = "PackError";
  }
}

const displayPath = (file: string) => relative(process.cwd(), file) || file;

function zodProblems(file: string, error: z.ZodError): PackProblem[] {
  return error.issues.map((issue) => ({
    file: displayPath(file),
    path: issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, ""),
    message: issue.message,
  }));
}

function readJson(file: string): { data?: unknown; problem?: PackProblem } {
  try {
    return { data: JSON.parse(readFileSync(file, "utf8")) };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { problem: { file: displayPath(file), path: "", message: `cannot read as JSON: ${reason}` } };
  }
}

/**
 * A data file kept beside a pack (practitioner language, deadline phrasings): parsed, checked by
 * its schema and against its pack, with every problem named by file and path; null when absent.
 */
export function loadBesidePack<T>(file: string, schema: z.ZodType<T>, check: (data: T) => { path: string; message: string }[]): T | null {
  if (!existsSync(file)) return null;
  const { data, problem } = readJson(file);
  if (problem) throw new PackError([problem]);
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new PackError(zodProblems(file, parsed.error));
  const problems = check(parsed.data);
  if (problems.length) throw new PackError(problems.map((p) => ({ file: displayPath(file), ...p })));
  return parsed.data;
}

/** References inside a pack that zod cannot see: ids must be unique and every id referred to must exist. */
export function crossCheck(pack: Pack, file: string): PackProblem[] {
  const problems: PackProblem[] = [];
  const at = (path: string, message: string) => problems.push({ file: displayPath(file), path, message });

  const unique = (kind: string, items: { id: string }[]) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const first = seen.get(item.id);
      if (first !== undefined) at(`${kind}[${i}].id`, `duplicate ${kind} id "${item.id}" (first at ${kind}[${first}])`);
      else seen.set(item.id, i);
    });
    return new Set(seen.keys());
  };
  const levels = unique("levels", pack.levels);
  unique("indicators", pack.indicators);
  const routes = unique("routes", pack.routes);
  const timescales = unique("timescales", pack.timescales);
  unique("procedures", pack.procedures);
  unique("unstatedRules", pack.unstatedRules);

  pack.indicators.forEach((ind, i) => {
    if (!levels.has(ind.level)) at(`indicators[${i}].level`, `level "${ind.level}" is referenced but not defined in levels`);
  });
  pack.levels.forEach((level, i) =>
    level.routes.forEach((r, j) => {
      if (!routes.has(r)) at(`levels[${i}].routes[${j}]`, `route "${r}" is referenced but not defined in routes`);
    }),
  );
  pack.procedures.forEach((proc, i) => {
    proc.routes.forEach((r, j) => {
      if (!routes.has(r)) at(`procedures[${i}].routes[${j}]`, `route "${r}" is referenced but not defined in routes`);
    });
    proc.timescales.forEach((t, j) => {
      if (!timescales.has(t)) at(`procedures[${i}].timescales[${j}]`, `timescale "${t}" is referenced but not defined in timescales`);
    });
  });
  if (!routes.has(pack.consultationRoute)) at("consultationRoute", `route "${pack.consultationRoute}" is referenced but not defined in routes`);
  if (pack.hasIndicatorGrid && pack.indicators.length === 0) at("indicators", "hasIndicatorGrid is true but there are no indicators");
  const tiers = new Set(pack.levels.map((l) => l.tier));
  if (!tiers.has(4)) at("levels", "no level has tier 4: a significant-harm answer needs a statutory level");
  return problems;
}

/** Parses and cross-checks one pack file; throws PackError naming the file and path of every problem. */
export function loadPackFile(file: string): Pack {
  const { data, problem } = readJson(file);
  if (problem) throw new PackError([problem]);
  const parsed = Pack.safeParse(data);
  if (!parsed.success) throw new PackError(zodProblems(file, parsed.error));
  const problems = crossCheck(parsed.data, file);
  if (problems.length) throw new PackError(problems);
  return parsed.data;
}

export const packFile = (authority: AuthorityId, dir = PACKS_DIR) => join(dir, authority, "pack.json");

/** The authorities of a packs folder: every sub-folder holding a pack.json, in name order. */
export function authorityFolders(dir = PACKS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, "pack.json")))
    .sort();
}

/**
 * Every pack in the folder, keyed by its folder name: a new authority is a new folder, no code.
 * Throws PackError naming each bad file, a folder name that is not an id, or an empty folder.
 */
export function loadPacks(dir = PACKS_DIR): Map<AuthorityId, Pack> {
  const packs = new Map<AuthorityId, Pack>();
  const problems: PackProblem[] = [];
  const authorities = authorityFolders(dir);
  if (authorities.length === 0) problems.push({ file: displayPath(dir), path: "", message: "no pack folders (<authority>/pack.json) in the packs folder" });
  for (const authority of authorities) {
    const file = packFile(authority, dir);
    if (!AuthorityId.safeParse(authority).success) {
      problems.push({ file: displayPath(file), path: "", message: `folder name "${authority}" is not an authority id (lower-case words joined by hyphens)` });
      continue;
    }
    try {
      const pack = loadPackFile(file);
      if (pack.id !== authority) problems.push({ file: displayPath(file), path: "id", message: `pack id "${pack.id}" does not match its folder "${authority}"` });
      else packs.set(authority, pack);
    } catch (e) {
      if (e instanceof PackError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length) throw new PackError(problems);
  return packs;
}

/** Parses a local contacts file (CONTACTS_FILE); route ids not in a pack need a name. */
export function loadLocalContacts(file: string, packs: Map<AuthorityId, Pack>): LocalContacts {
  const { data, problem } = readJson(file);
  if (problem) throw new PackError([problem]);
  const parsed = LocalContacts.safeParse(data);
  if (!parsed.success) throw new PackError(zodProblems(file, parsed.error));
  const problems: PackProblem[] = [];
  for (const [authority, local] of Object.entries(parsed.data.authorities)) {
    const pack = packs.get(authority);
    if (!pack)
      problems.push({ file: displayPath(file), path: `authorities.${authority}`, message: `no pack for authority "${authority}" (known: ${[...packs.keys()].join(", ")})` });
    local?.routes.forEach((r, i) => {
      const known = pack?.routes.some((pr) => pr.id === r.routeId);
      if (!known && !r.name)
        problems.push({
          file: displayPath(file),
          path: `authorities.${authority}.routes[${i}].name`,
          message: `route "${r.routeId}" is not in the ${authority} pack, so it needs a name`,
        });
    });
  }
  if (problems.length) throw new PackError(problems);
  return parsed.data;
}
