import { z } from "zod";
import netJson from "./harm-net.json" with { type: "json" };
import { fold, inside, negatedSpans, stem } from "./analyse.js";

const Terms = z.array(z.string().min(1));
const Family = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(3),
  phrases: Terms,
  together: z.array(z.array(Terms).min(1)).describe("Each entry: one term from every group, in one sentence."),
  needs: z.array(Terms).optional().describe("Groups of which the question must also say one term each."),
  immediate: Terms.optional().describe("Phrases that mean danger now on their own."),
  maxAge: z.number().int().min(0).optional().describe("Fires only for a child of at most this age, or when a young term is said."),
  youngTerms: Terms.optional(),
});
export const HarmNet = z.object({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  immediacy: Terms,
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
}));
const immediacy = harmNet.immediacy.map(seq);

interface Sentence {
  words: { s: string; at: number }[];
  blocked: (at: number) => boolean;
}

/** Where a term occurs, un-denied, in a sentence: the index of its first word, or -1. */
function find(sentence: Sentence, term: Seq): number {
  if (term.length === 0) return -1;
  const w = sentence.words;
  for (let i = 0; i + term.length <= w.length; i++) {
    let k = 0;
    while (k < term.length && w[i + k]!.s === term[k]) k++;
    if (k === term.length && !sentence.blocked(w[i]!.at)) return i;
  }
  return -1;
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
export function harmFamilies(text: string, age: number | null): NetHit[] {
  const sentences = sentencesOf(text);
  const hits: NetHit[] = [];
  for (const f of compiled) {
    if (f.maxAge !== undefined && !(age !== null && age <= f.maxAge) && !sentences.some((s) => anyIn(s, f.young))) continue;
    if (!f.needs.every((group) => sentences.some((s) => anyIn(s, group)))) continue;
    const fires = (s: Sentence) => anyIn(s, f.phrases) || f.together.some((groups) => groups.every((g) => anyIn(s, g)));
    const firing = sentences.filter(fires);
    if (firing.length === 0) continue;
    const immediate = firing.some((s) => anyIn(s, f.immediate) || anyIn(s, immediacy));
    hits.push({ family: f.id, label: f.label, immediate });
  }
  return hits;
}

export const familyIds = () => compiled.map((f) => f.id);
