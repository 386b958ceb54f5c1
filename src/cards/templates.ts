import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type * as ACData from "adaptivecards-templating";
import { compileTemplate, type CompiledTemplate } from "./compiled-template.js";

export const CARDS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "cards");

/**
 * The templating engine (and the expression language under it) is a third of the bot's start-up
 * time and most of the cost of a card, so a template is compiled into a function of its own
 * (compiled-template.ts), which gives what the engine gives; the engine is loaded only for a
 * template that uses more of the language than that compiles.
 */
let engine: typeof ACData | null = null;
const templating = () => (engine ??= createRequire(import.meta.url)("adaptivecards-templating") as typeof ACData);

interface Loaded {
  payload: unknown;
  compiled: CompiledTemplate | null;
  engine?: ACData.Template;
}
const cache = new Map<string, Loaded | null>();

/** A template from /cards, read and compiled once; a missing one is remembered as missing. */
function load(name: string): Loaded | null {
  let t = cache.get(name);
  if (t !== undefined) return t;
  const file = join(CARDS_DIR, `${name}.json`);
  if (existsSync(file)) {
    const payload: unknown = JSON.parse(readFileSync(file, "utf8"));
    t = { payload, compiled: compileTemplate(payload) };
  } else t = null;
  cache.set(name, t);
  return t;
}

export const hasTemplate = (name: string) => load(name) !== null;

/** The template as the engine parses it (once): what the compiled one is held to. */
export function engineTemplate(name: string): ACData.Template | undefined {
  const t = load(name);
  if (!t) return undefined;
  return (t.engine ??= new (templating().Template)(t.payload));
}

/** Whether a template is expanded by its compiled function (true for every template in /cards). */
export const isCompiled = (name: string) => load(name)?.compiled != null;

export function expand<T = Record<string, unknown>>(name: string, data: unknown): T {
  const t = load(name);
  if (!t) throw new Error(`no card template named ${name}`);
  if (t.compiled) return t.compiled.expand(data) as T;
  return engineTemplate(name)!.expand({ $root: data }) as T;
}

/** The same through the engine, whatever the template: for tests holding the two to one output. */
export function expandWithEngine<T = Record<string, unknown>>(name: string, data: unknown): T {
  const t = engineTemplate(name);
  if (!t) throw new Error(`no card template named ${name}`);
  return t.expand({ $root: data }) as T;
}
