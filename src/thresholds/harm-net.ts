import { createHash, hash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import netJson from "./harm-net.json" with { type: "json" };
import { agesIn, childAge, fold, inside, negatedSpans, stem, vocabulary } from "./analyse.js";
import { QuestionMemo } from "./question-memo.js";
import { escapeRegExp } from "../contract/text.js";
import { saysNearMoment } from "./time-cues.js";

const Terms = z.array(z.string().min(1));
const Family = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(3),
  phrases: Terms,
  together: z.array(z.array(Terms).min(1)).describe("Each entry: one term from every group, in one sentence."),
  needs: z.array(Terms).optional().describe("Groups of which the question must also say one term each."),
  immediate: Terms.optional().describe("Phrases that mean danger now on their own."),
  alwaysImmediate: z.boolean().optional().describe("The harm is an emergency whenever it is described (an overdose taken)."),
  notUrgent: z.boolean().optional().describe("A status the grid puts at the top level (private fostering), never a danger now by itself."),
  unlessAccidental: z
    .boolean()
    .optional()
    .describe("Does not fire on a sentence that gives a witnessed or fitting account of an accident ('the PE teacher saw him get kicked in a match'); never set for injuries to babies."),
  unless: Terms.optional().describe("Phrases that make a sentence something else than this harm ('on her own with the baby' is a carer alone with a child, not a child alone): a sentence that says one does not fire the family."),
  maxAge: z.number().int().min(0).optional().describe("Fires only for a child of at most this age, or when a young term is said."),
  youngTerms: Terms.optional(),
});
export const HarmNet = z.object({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  immediacy: Terms,
  nearMoment: z
    .object({ $comment: z.string().optional(), pastHours: z.number().min(0).max(24), futureHours: z.number().min(0).max(48), clockHours: z.number().min(0).max(6) })
    .describe("A moment said relative to now within these hours is a cue of immediacy beside a harm."),
  habitual: Terms.describe("Words of habit ('always', 'usually'): a cue of immediacy right after one tells what happens routinely, not now."),
  aboutServices: Terms.describe("Words that, within a few words after a cue of immediacy, make it about contact with services ('isn't answering the family worker's calls', 'won't answer the door to the health visitor'): that is engagement, not danger now."),
  askedAbout: z
    .object({ $comment: z.string().optional(), leadIns: Terms, names: Terms, fillersBefore: Terms, fillersAfter: Terms })
    .describe("A harm only named in what is asked ('… is this CSE?', 'do we report missing?') is the asker's question, not evidence: after a lead-in, a name of a harm (with fillers around it) that ends the sentence is not read."),
  nowExceptions: Terms.describe("'now' followed by these is a change of circumstance, not a cue of immediacy."),
  nowAfter: Terms.describe("'now' after these words says how things are or how often it has happened ('seems ok now', 'three times now'), not a cue of immediacy."),
  adultAge: z
    .object({
      $comment: z.string().optional(),
      says: z.string().min(1),
      adultFrom: z.number().int().min(18),
      childFrom: z.number().int().min(0),
      childUnder: z.number().int().min(1).max(18),
      orGapAtLeast: z.number().int().min(1),
    })
    .describe(
      "An adult's age said in a sentence about a child ('15yo girl has a 24 yr old boyfriend') says the term `says` there, when the child is at least childFrom and either under childUnder or younger than that age by orGapAtLeast years: the families then read it as they read 'an adult'.",
    ),
  resolved: Terms.describe("Cues that the harm described is historic and managed."),
  accidental: Terms.describe("Cues of an injury witnessed as, or judged to fit, an accident: a professional's account, not a carer's claim."),
  idioms: Terms.describe("Everyday phrases that hold a word of harm or of now and mean neither ('hit and miss', 'hit it off'): read as if not said."),
  families: z.array(Family).min(1),
});
export type HarmNet = z.infer<typeof HarmNet>;

type Seq = string[];
const WORD = /[a-z0-9&]+(?:['’-][a-z0-9]+)*/g;
// "isn't answering" and "isnt answering" are the same words typed two ways ("she's sat" is not "she sat").
const stems = (text: string): { s: string; at: number }[] => [...text.matchAll(WORD)].map((m) => ({ s: stem(m[0].replace(/n['’]t$/, "nt")), at: m.index! }));
/** A term as the stems it folds to, so that it meets the question however it was typed. */
const termKey = (text: string) => stems(fold(text)).map((w) => w.s).join(" ");

interface CompiledFamily {
  id: string;
  label: string;
  phrases: number[];
  together: number[][][];
  needs: number[][];
  immediate: number[];
  maxAge?: number;
  young: number[];
  always: boolean;
  notUrgent: boolean;
  unlessAccidental: boolean;
  unless: number[];
}
/** The net as the matcher reads it: every term once, as its stems (its id is its position), and each family's terms as ids. */
export interface CompiledNet {
  terms: string[];
  families: CompiledFamily[];
  immediacy: number[];
  resolved: number[];
  accidental: number[];
  nowExceptions: string[];
  nowAfter: string[];
  adultAge: { term: number; adultFrom: number; childFrom: number; childUnder: number; gap: number };
}

/** Stems every term of the net, giving each distinct one an id in the order they are first met. */
export function compileNet(net: HarmNet): CompiledNet {
  const ids = new Map<string, number>();
  const term = (text: string): number => {
    const key = termKey(text);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const terms = (list: string[] | undefined) => (list ?? []).map(term);
  const families = net.families.map(
    (f): CompiledFamily => ({
      id: f.id,
      label: f.label,
      phrases: terms(f.phrases),
      together: f.together.map((groups) => groups.map(terms)),
      needs: (f.needs ?? []).map(terms),
      immediate: terms(f.immediate),
      ...(f.maxAge !== undefined ? { maxAge: f.maxAge } : {}),
      young: terms(f.youngTerms),
      always: f.alwaysImmediate ?? false,
      notUrgent: f.notUrgent ?? false,
      unlessAccidental: f.unlessAccidental ?? false,
      unless: terms(f.unless),
    }),
  );
  const immediacy = terms(net.immediacy.filter((t) => t !== "now"));
  const resolved = terms(net.resolved);
  const accidental = terms(net.accidental);
  const { says, adultFrom, childFrom, childUnder, orGapAtLeast } = net.adultAge;
  const adultAge = { term: term(says), adultFrom, childFrom, childUnder, gap: orGapAtLeast };
  return { terms: [...ids.keys()], families, immediacy, resolved, accidental, nowExceptions: net.nowExceptions.map(termKey), nowAfter: net.nowAfter.map(termKey), adultAge };
}

/**
 * Stemming the net's ~5,000 terms (and checking the net) is most of what loading it costs.
 * `npm run build` does it once and writes the result beside the compiled code (HARM_NET_ARTEFACT_FILE)
 * under a key: a hash of the net, the vocabulary (folding spells out its abbreviations), the stemmer's
 * and zod's versions. The net is read from it when the key is this one; otherwise (the sources run
 * with tsx, no build since an edit) it is checked and compiled here as before.
 */
export const HARM_NET_ARTEFACT_FILE = fileURLToPath(new URL("./harm-net.compiled.json", import.meta.url));
const packageVersion = (name: string) => (JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`${name}/package.json`), "utf8")) as { version: string }).version;
export const harmNetKey = (raw: unknown = netJson) =>
  createHash("sha256")
    .update(`harm-net 3\0stemmer ${packageVersion("stemmer")}\0zod ${packageVersion("zod")}\0${JSON.stringify(vocabulary)}\0${JSON.stringify(raw)}`)
    .digest("hex");

interface Artefact {
  format: 1;
  key: string;
  /** The net file is exactly what its schema gives back (nothing stripped), so it can be used as it is. */
  netAsParsed: boolean;
  net: CompiledNet;
}

/** What `npm run build` writes. */
export function harmNetArtefact(): Artefact {
  const parsed = HarmNet.parse(netJson);
  return { format: 1, key: harmNetKey(), netAsParsed: isDeepStrictEqual(parsed, netJson), net: compileNet(parsed) };
}

// The artefact's shape is checked by hand: a zod schema's first parse costs more (~25 ms at start) than the work it saves.
const isIds = (x: unknown, n: number): x is number[] => Array.isArray(x) && x.every((id) => Number.isInteger(id) && id >= 0 && id < n);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === "string");
const isFamily = (f: unknown, n: number): f is CompiledFamily => {
  const x = f as Record<string, unknown>;
  return (
    typeof x === "object" && x !== null &&
    typeof x.id === "string" && typeof x.label === "string" && typeof x.always === "boolean" && typeof x.notUrgent === "boolean" && typeof x.unlessAccidental === "boolean" &&
    (x.maxAge === undefined || Number.isInteger(x.maxAge)) &&
    isIds(x.phrases, n) && isIds(x.immediate, n) && isIds(x.young, n) && isIds(x.unless, n) &&
    Array.isArray(x.needs) && x.needs.every((g) => isIds(g, n)) &&
    Array.isArray(x.together) && x.together.every((e) => Array.isArray(e) && e.every((g) => isIds(g, n)))
  );
};
const isAdultAge = (x: unknown, n: number): x is CompiledNet["adultAge"] => {
  const a = x as Record<string, unknown>;
  return typeof a === "object" && a !== null && isIds([a.term], n) && ["adultFrom", "childFrom", "childUnder", "gap"].every((k) => Number.isInteger(a[k]));
};
const isNet = (x: unknown): x is CompiledNet => {
  const net = x as Record<string, unknown>;
  if (typeof net !== "object" || net === null || !isStrings(net.terms)) return false;
  const n = net.terms.length;
  return Array.isArray(net.families) && net.families.every((f) => isFamily(f, n)) && isIds(net.immediacy, n) && isIds(net.resolved, n) && isIds(net.accidental, n) && isStrings(net.nowExceptions) && isStrings(net.nowAfter) && isAdultAge(net.adultAge, n);
};

/** The compiled net from the artefact, when there is one for this net, in its form, naming only terms it has; otherwise null. */
export function readHarmNetArtefact(file = HARM_NET_ARTEFACT_FILE): { net: CompiledNet; netAsParsed: boolean } | null {
  if (!existsSync(file)) return null;
  let a: Partial<Artefact>;
  try {
    a = JSON.parse(readFileSync(file, "utf8")) as Partial<Artefact>;
  } catch {
    return null;
  }
  if (a?.format !== 1 || a.key !== harmNetKey() || typeof a.netAsParsed !== "boolean" || !isNet(a.net)) return null;
  return { net: a.net, netAsParsed: a.netAsParsed };
}

const built = readHarmNetArtefact();
export const harmNet: HarmNet = built?.netAsParsed ? (netJson as HarmNet) : HarmNet.parse(netJson);
const net: CompiledNet = built?.net ?? compileNet(harmNet);

// A sentence is read once, word by word, into the ids of the terms it says.
const negationWords = new Set(["no", "not", "never", "without", "nothing", "none", "nobody", "isnt", "wasnt", "doesnt", "didnt", "wont", "cant"].map((w) => stem(w)));
const termsByFirst = new Map<string, { id: number; seq: Seq; selfNegated: boolean }[]>();
net.terms.forEach((key, id) => {
  const seq = key ? key.split(" ") : [];
  if (!seq.length) return;
  const list = termsByFirst.get(seq[0]!) ?? [];
  // A term that carries its own negation ("not breathing", "no adult") is what it says.
  list.push({ id, seq, selfNegated: negationWords.has(seq[0]!) });
  termsByFirst.set(seq[0]!, list);
});
// A sentence says a handful of terms and a family lists hundreds: the matcher asks "does this sentence
// say one of these?" of sets, iterating what the sentence says, and only of the families whose
// firing terms the question says at all.
type Ids = ReadonlySet<number>;
interface RuntimeFamily {
  id: string;
  label: string;
  phrases: Ids;
  together: Ids[][];
  needs: Ids[];
  immediate: Ids;
  maxAge?: number;
  young: Ids;
  always: boolean;
  notUrgent: boolean;
  unlessAccidental: boolean;
  unless: Ids;
}
const compiled: RuntimeFamily[] = net.families.map((f) => ({
  ...f,
  unless: new Set(f.unless),
  phrases: new Set(f.phrases),
  together: f.together.map((groups) => groups.map((g) => new Set(g))),
  needs: f.needs.map((g) => new Set(g)),
  immediate: new Set(f.immediate),
  young: new Set(f.young),
}));
/** For each term, the families (by position) that it can make fire: their phrases and together terms. */
const firingFamilies = new Map<number, number[]>();
compiled.forEach((f, n) => {
  for (const id of new Set([...f.phrases, ...f.together.flat(2).flatMap((g) => [...g])])) {
    const list = firingFamilies.get(id) ?? [];
    if (list.at(-1) !== n) list.push(n);
    firingFamilies.set(id, list);
  }
});
const immediacy: Ids = new Set(net.immediacy);
const resolved: Ids = new Set(net.resolved);
const accidental: Ids = new Set(net.accidental);
const saysAny = (said: ReadonlySet<number>, ids: Ids) => {
  for (const id of said) if (ids.has(id)) return true;
  return false;
};
const NOW = stem("now");
// "they always send her home", "usually goes home at 3": what happens as a habit is not happening now.
const nowTerms: Ids = new Set([...immediacy, ...compiled.flatMap((f) => [...f.immediate])]);
const habitual = harmNet.habitual.map((h) => termKey(h).split(" "));
const aboutServices = harmNet.aboutServices.map((h) => termKey(h).split(" "));
/** How many words after a cue of immediacy can say it is about contact with services. */
const SERVICES_WITHIN = 4;
const saysServicesFrom = (w: { s: string }[], from: number) =>
  aboutServices.some((h) => {
    // "the family worker's calls": the possessive is the worker.
    for (let i = from; i < Math.min(w.length, from + SERVICES_WITHIN + h.length - 1); i++) if (h.every((x, j) => w[i + j]?.s.replace(/['’]s?$/, "") === x)) return true;
    return false;
  });
const nowExceptions = new Set(net.nowExceptions);
const nowAfter = new Set(net.nowAfter);

interface Reading {
  said: Set<number>;
  denied: Set<number>;
  now: boolean;
}

/** A question's sentences are read by several checks (families, denied ones, "now", resolved): read once per question. */
const reads = new QuestionMemo<string, Reading>();
/**
 * The families a question describes, remembered across questions (the same short questions come again
 * from many users) by a SHA-1 of the question, never its text: what is kept is the hash and family ids and labels.
 * Bounded: the least recently used go first.
 */
const families = new Map<string, NetHit[]>();
const MAX_FAMILIES = 256;

/** The ids of the terms a sentence says, un-denied and denied, and whether it says "now" as a cue of immediacy. */
function read(raw: string): Reading {
  const hit = reads.get(raw);
  if (hit) return hit;
  const reading = readSentence(raw);
  reads.set(raw, reading);
  return reading;
}

// "is this cse?", "do i need prevent": a lead-in, then only the name of a harm, to the end of the sentence.
const words = (x: string) => fold(x).match(/[a-z0-9&]+/g)?.join(" ") ?? "";
const asking = harmNet.askedAbout;
// Longest first: "do we need to notify" is read whole, not as "do we need".
const leadIns = new RegExp(`(?<![a-z0-9])(?:${asking.leadIns.map((l) => escapeRegExp(words(l))).sort((a, b) => b.length - a.length).join("|")})(?![a-z0-9])`, "g");
const harmNames = new Set(asking.names.map(words));
const fillersBefore = asking.fillersBefore.map(words);
const fillersAfter = asking.fillersAfter.map(words);
const trim = (x: string, fillers: string[], atStart: boolean) => {
  for (let again = true; again; ) {
    again = false;
    for (const f of fillers)
      if (atStart ? x.startsWith(`${f} `) : x.endsWith(` ${f}`)) {
        x = atStart ? x.slice(f.length + 1) : x.slice(0, -f.length - 1);
        again = true;
      }
  }
  return x;
};
/** Where the sentence starts only asking whether it is a named harm, or Infinity. */
function askedFrom(t: string): number {
  for (const m of t.matchAll(leadIns)) {
    const rest = trim(trim(words(t.slice(m.index + m[0].length)), fillersBefore, true), fillersAfter, false);
    if (harmNames.has(rest)) return m.index + m[0].length;
  }
  return Infinity;
}

const idioms = new RegExp(`(?<![a-z0-9])(?:${harmNet.idioms.map((i) => escapeRegExp(fold(i).trim())).sort((a, b) => b.length - a.length).join("|")})(?![a-z0-9])`, "g");
function readSentence(raw: string): Reading {
  // Blanked to the same length, so that positions in the sentence stay where they were.
  const t = fold(raw).replace(idioms, (m) => " ".repeat(m.length));
  const asked = askedFrom(t);
  const { strong, weak } = negatedSpans(t);
  const blocked = (at: number) => inside(strong, at) || inside(weak, at);
  // "without a coat", "without food" says what is lacking, not that a harm is denied.
  const denial = weak.filter(([a]) => !t.startsWith("without", a));
  const denies = (at: number) => inside(strong, at) || inside(denial, at);
  const w = stems(t);
  const said = new Set<number>();
  const denied = new Set<number>();
  let now = false;
  for (let i = 0; i < w.length; i++) {
    if (w[i]!.at >= asked) break;
    for (const c of termsByFirst.get(w[i]!.s) ?? []) {
      if (i + c.seq.length > w.length) continue;
      let k = 1;
      while (k < c.seq.length && w[i + k]!.s === c.seq[k]) k++;
      if (k === c.seq.length) {
        const habit = nowTerms.has(c.id) && (habitual.some((h) => h.every((x, j) => w[i - h.length + j]?.s === x)) || saysServicesFrom(w, i + c.seq.length));
        if (habit) continue;
        if (c.selfNegated || !blocked(w[i]!.at)) said.add(c.id);
        else if (denies(w[i]!.at)) denied.add(c.id);
      }
    }
    // "now" is a change of circumstance when followed by these ("now living with nan").
    // and so is an age ("now 13").
    if (
      w[i]!.s === NOW &&
      !/^\d/.test(w[i + 1]?.s ?? "") &&
      ![1, 2].some((n) => nowExceptions.has(w.slice(i, i + 1 + n).map((x) => x.s).join(" "))) &&
      !nowAfter.has(w[i - 1]?.s ?? "") &&
      // "now" opening a sentence or a clause tells the next turn of events ("now none of them will
      // play with her"), not that it is happening as we speak.
      (i > 0 && !/[,:(–—-]\s*$/.test(t.slice(w[i - 1]!.at, w[i]!.at)))
    )
      now = true;
  }
  return { said, denied, now };
}

/** A question's sentences, as the net reads them one by one. */
export const sentencesOf = (text: string) => text.split(/(?<=[.;!?])\s+|\n+/).filter((x) => x.trim());
const anySentenceSays = (text: string, ids: Ids) => sentencesOf(text).some((x) => saysAny(read(x).said, ids));

/** Does this text say a harm is historic and dealt with ("convicted, no contact, all managed")? */
export const saysResolved = (text: string): boolean => anySentenceSays(text, resolved);

/** Does this text give a witnessed or fitting account of an accident ("staff witnessed it", "on the trampoline")? */
export const saysAccidental = (text: string): boolean => anySentenceSays(text, accidental);

/** Does the question say the situation is happening now (a cue of immediacy in any sentence)? */
export function saysNowAnywhere(text: string, options: { bareNow: boolean } = { bareNow: true }): boolean {
  return sentencesOf(text)
    .map(read)
    .some((s) => (options.bareNow && s.now) || saysAny(s.said, immediacy)) || saysNearMoment(text, harmNet.nearMoment);
}

/**
 * A sentence about a child that gives an adult's age ("has a 24 yr old boyfriend") says "an adult" there,
 * so that the families read an age as they read the words.
 */
function withAdultAge(sentence: string, reading: Reading, age: number | null): Reading {
  const a = net.adultAge;
  if (age === null || age < a.childFrom || reading.said.has(a.term)) return reading;
  const adult = agesIn(sentence).some((n) => n >= a.adultFrom && (age < a.childUnder || n - age >= a.gap));
  return adult ? { ...reading, said: new Set(reading.said).add(a.term) } : reading;
}

export interface NetHit {
  family: string;
  label: string;
  immediate: boolean;
}


/**
 * The significant-harm families a question describes. The net only ever raises an answer: a family
 * that fires makes the level the top one, and with a cue of immediacy it means "call 999".
 */
export function harmFamilies(text: string, age: number | null = childAge(text)): NetHit[] {
  const key = hash("sha1", `${age}|${text}`, "base64");
  const hit = families.get(key);
  if (hit) {
    families.delete(key);
    families.set(key, hit);
    return hit;
  }
  const sentences = sentencesOf(text).map((x) => withAdultAge(x, read(x), age));
  const any = (s: { said: Set<number> }, ids: Ids) => saysAny(s.said, ids);
  const candidates = new Set<number>();
  for (const s of sentences) for (const id of s.said) for (const n of firingFamilies.get(id) ?? []) candidates.add(n);
  const hits: NetHit[] = [];
  // Immediacy is read over the whole question: "took them all. she's at home alone" is one emergency.
  let urgent: boolean | null = sentences.some((s) => s.now || any(s, immediacy)) || null;
  const isUrgent = () => (urgent ??= saysNearMoment(text, harmNet.nearMoment));
  for (const [n, f] of compiled.entries()) {
    if (!candidates.has(n)) continue;
    if (f.maxAge !== undefined && !(age !== null && age <= f.maxAge) && !sentences.some((s) => any(s, f.young))) continue;
    if (!f.needs.every((group) => sentences.some((s) => any(s, group)))) continue;
    const firing = sentences.filter(
      (s) => !any(s, resolved) && !(f.unlessAccidental && any(s, accidental)) && !any(s, f.unless) && (any(s, f.phrases) || f.together.some((groups) => groups.every((g) => any(s, g)))),
    );
    if (firing.length === 0) continue;
    hits.push({ family: f.id, label: f.label, immediate: !f.notUrgent && (f.always || firing.some((s) => any(s, f.immediate)) || isUrgent()) });
  }
  families.set(key, hits);
  if (families.size > MAX_FAMILIES) families.delete(families.keys().next().value!);
  return hits;
}

/**
 * The families a question explicitly denies ("no thoughts of ending her life", "nobody's been
 * hurt", "no older men involved"): they would fire on its denied words and do not fire without them.
 */
export function deniedFamilies(text: string, age: number | null = childAge(text)): string[] {
  const sentences = sentencesOf(text).map(read);
  if (!sentences.some((s) => s.denied.size > 0)) return [];
  const firing = new Set(harmFamilies(text, age).map((h) => h.family));
  const has = (s: { said: Set<number>; denied: Set<number> }, ids: Ids) => saysAny(s.said, ids) || saysAny(s.denied, ids);
  return compiled
    .filter((f) => !firing.has(f.id) && !f.notUrgent)
    .filter((f) => sentences.some((s) => s.denied.size > 0 && (has(s, f.phrases) || f.together.some((groups) => groups.every((g) => has(s, g))))))
    .map((f) => f.id);
}

export const familyIds = () => compiled.map((f) => f.id);
