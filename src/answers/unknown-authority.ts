import { z } from "zod";
import type { Resolved } from "./context.js";
import { baseAnswer } from "./build.js";
import { phraseTest, regex } from "./match.js";
import type { AnswerInput } from "../contract/answer.js";
import authoritiesJson from "./authorities.json" with { type: "json" };
import { CALL_999, escapeRegExp } from "../contract/text.js";

const Authorities = z.object({
  $comment: z.string(),
  storyWords: z.array(z.string().min(2)).describe("Words before 'in/from/to <place>' that tell the child's story ('moved here from Leicester'), not which authority is asked about"),
  names: z.array(z.string().min(2)),
});
const authorities = Authorities.parse(authoritiesJson);
const STORY_WORDS = authorities.storyWords.join("|");
const names = authorities
  .names.sort((a, b) => b.length - a.length)
  .map((n) => ({ n, said: phraseTest(n.toLowerCase()), esc: escapeRegExp(n.toLowerCase()) }));

/** An authority the question names whose document the bot does not hold ("what level is this in Leeds?"). */
const COMMON_WORDS = new Set(["Reading", "Bury"]);

export function unknownAuthorityIn(text: string, raw = text): string | null {
  for (const { n, said, esc } of names) {
    // Names that are also everyday words count only when written as a name.
    if (COMMON_WORDS.has(n) && !raw.includes(n)) continue;
    // Only as a place: "in Leeds", "Leeds MASH", "for Leeds", "Leeds council", "Leeds's procedures".
    if (!said(text)) continue;
    // A place in the child's story ("moved here from Leicester", "dad lives in Leeds") is not the authority asked about.
    const asked = text.replace(regex(`\\b(?:${STORY_WORDS})\\s+(?:(?:here|back|over|up|down|away|out)\\s+)?(?:in|to|from|at|near|with)\\s+${esc}\\b`), " ");
    if (regex(`(?:\\b(?:in|for|at|under|to|with|of|about)\\s+${esc}\\b|\\b${esc}(?:'s)?\\s+(?:mash|council|cc|csc|children|threshold|guidance|procedures?|protocol|front door|safeguarding|la)\\b|^${esc}\\b)`).test(asked)) return n;
  }
  return null;
}

/** Plain words: which authorities the bot knows, that this one is not among them, and an offer under the chat's authority. */
export function unknownAuthorityAnswer(r: Resolved, name: string): AnswerInput {
  const known = [...r.knowledge.packs.values()].map((p) => p.name);
  const list = `${known.slice(0, -1).join(", ")} and ${known.at(-1)}`;
  const chat = r.pack;
  return {
    ...baseAnswer("clarify", r, `I hold the documents of ${list} only. ${name} is not one of them, so I can't answer from ${name}'s guidance.`),
    gaps: [`${name}'s threshold document is not one I hold: I won't answer from another authority's document as if it were ${name}'s. Check ${name}'s own guidance or its MASH / front door.`],
    prompt: chat
      ? `Answer under ${chat.name} instead (this chat's authority)? Ask again without naming ${name}, or choose another authority.`
      : `Choose one of ${list} to answer under, or type for example "set authority luton".`,
    suggestions: chat ? [`Answer under ${chat.name}`] : known.map((k) => `set authority ${k}`),
    notes: [CALL_999],
    routes: [],
  };
}
