import { z } from "zod";
import netJson from "./harm-net.json" with { type: "json" };
import { childAge, fold, inside, negatedSpans, stem } from "./analyse.js";

const Terms = z.array(z.string().min(1));
const Family = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(3),
  phrases: Terms,
  together: z.array(z.array(Terms).min(1)).describe("Each entry: one term from every group, in one sentence."),
  needs: z.array(Terms).optional().describe("Groups of which the question must also say one term each."),
  immediate: Terms.optional().describe("Phrases that mean danger now on their own."),
  alwaysImmediate: z.boolean().optional().describe("The harm is an emergency whenever it is described (an overdose taken)."),
  maxAge: z.number().int().min(0).optional().describe("Fires only for a child of at most this age, or when a young term is said."),
  youngTerms: Terms.optional(),
});
export const HarmNet = z.object({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  immediacy: Terms,
  nowExceptions: Terms.describe("'now' followed by these is a change of circumstance, not a cue of immediacy."),
  resolved: Terms.describe("Cues that the harm described is historic and managed."),
  families: z.array(Family).min(1),
});
export type HarmNet = z.infer<typeof HarmNet>;
export const harmNet: HarmNet = HarmNet.parse(netJson);

type Seq = string[];
const WORD = /[a-z0-9&]+(?:['’-][a-z0-9]+)*/g;
const stems = (text: string): { s: string; at: number }[] => [...text.matchAll(WORD)].map((m) => ({ s: stem(m[0]), at: m.index! }));
/** A term as the stems it folds to, so that it meets the question however it was typed. */
const seq = (term: string): Seq => stems(fold(term)).map((w) => w.s);

interface CompiledFamily {
  id: string;
  label: string;
  phrases: Seq[];
  together: Seq[][][];
  needs: Seq[][];
  immediate: Seq[];
  maxAge?: number;
  young: Seq[];
  always: boolean;
}
const compiled: CompiledFamily[] = harmNet.families.map((f) => ({
  id: f.id,
  label: f.label,
  phrases: f.phrases.map(seq),
  together: f.together.map((groups) => groups.map((g) => g.map(seq))),
  needs: (f.needs ?? []).map((g) => g.map(seq)),
  immediate: (f.immediate ?? []).map(seq),
  ...(f.maxAge !== undefined ? { maxAge: f.maxAge } : {}),
  young: (f.youngTerms ?? []).map(seq),
  always: f.alwaysImmediate ?? false,
}));
const immediacy = harmNet.immediacy.filter((t) => t !== "now").map(seq);
const nowExceptions = harmNet.nowExceptions.map(seq);
const resolved = harmNet.resolved.map(seq);
const NOW = seq("now");
const negationWords = new Set(["no", "not", "never", "without", "nothing", "none", "nobody", "no one", "isnt", "wasnt", "doesnt", "didnt", "wont", "cant"].map((w) => stem(w)));

interface Sentence {
  words: { s: string; at: number }[];
  blocked: (at: number) => boolean;
}

/** Where a term occurs, un-denied, in a sentence: the index of its first word, or -1. */
function find(sentence: Sentence, term: Seq): number {
  if (term.length === 0) return -1;
  const w = sentence.words;
  // A term that carries its own negation ("not breathing", "no adult") is what it says.
  const selfNegated = negationWords.has(term[0]!);
  for (let i = 0; i + term.length <= w.length; i++) {
    let k = 0;
    while (k < term.length && w[i + k]!.s === term[k]) k++;
    if (k === term.length && (selfNegated || !sentence.blocked(w[i]!.at))) return i;
  }
  return -1;
}

/** "now" as a cue of immediacy, unless it is a change of circumstance ("now living with nan"). */
function saysNow(s: Sentence): boolean {
  for (let i = 0; i < s.words.length; i++) {
    if (s.words[i]!.s !== NOW[0]) continue;
    const rest: Sentence = { words: s.words.slice(i), blocked: () => false };
    if (!nowExceptions.some((t) => find(rest, t) === 0)) return true;
  }
  return false;
}
const anyIn = (s: Sentence, terms: Seq[]) => terms.some((t) => find(s, t) >= 0);

function sentencesOf(text: string): Sentence[] {
  return text
    .split(/(?<=[.;!?])\s+|\n+/)
    .map((raw) => {
      const t = fold(raw);
      const { strong, weak } = negatedSpans(t);
      return { words: stems(t), blocked: (at: number) => inside(strong, at) || inside(weak, at) };
    })
    .filter((s) => s.words.length > 0);
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
  const sentences = sentencesOf(text);
  const hits: NetHit[] = [];
  for (const f of compiled) {
    if (f.maxAge !== undefined && !(age !== null && age <= f.maxAge) && !sentences.some((s) => anyIn(s, f.young))) continue;
    if (!f.needs.every((group) => sentences.some((s) => anyIn(s, group)))) continue;
    const fires = (s: Sentence) => !anyIn(s, resolved) && (anyIn(s, f.phrases) || f.together.some((groups) => groups.every((g) => anyIn(s, g))));
    const firing = sentences.filter(fires);
    if (firing.length === 0) continue;
    // Immediacy is read over the whole question: "took them all. she's at home alone" is one emergency.
    const immediate = f.always || firing.some((s) => anyIn(s, f.immediate)) || sentences.some((s) => anyIn(s, immediacy) || saysNow(s));
    hits.push({ family: f.id, label: f.label, immediate });
  }
  return hits;
}

export const familyIds = () => compiled.map((f) => f.id);
