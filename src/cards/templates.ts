import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as ACData from "adaptivecards-templating";

export const CARDS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cards");

/**
 * The templating engine (and the expression language under it) is a third of the bot's start-up
 * time, so it is loaded when the first card is made rather than when the process starts.
 */
let engine: typeof ACData | null = null;
const templating = () => (engine ??= createRequire(import.meta.url)("adaptivecards-templating") as typeof ACData);

const cache = new Map<string, ACData.Template | null>();

/** A template from /cards, read and parsed once (its expressions too); a missing one is remembered as missing. */
export function template(name: string): ACData.Template | undefined {
  const hit = cache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const file = join(CARDS_DIR, `${name}.json`);
  const t = existsSync(file) ? new (templating().Template)(JSON.parse(readFileSync(file, "utf8"))) : null;
  cache.set(name, t);
  return t ?? undefined;
}

export function expand<T = Record<string, unknown>>(name: string, data: unknown): T {
  const t = template(name);
  if (!t) throw new Error(`no card template named ${name}`);
  return t.expand({ $root: data }) as T;
}
