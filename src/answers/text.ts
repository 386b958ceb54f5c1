import type { Question } from "../contract/question.js";

export type { Question } from "../contract/question.js";
/** Hard caps so that a pasted 50 KB message is answered quickly: nobody describes a child in more. */
export const MAX_QUESTION_CHARS = 2000;


export function readQuestion(input: string): Question {
  const folded = input
    .normalize("NFKC")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/[\u200B-\u200D\uFEFF]/g, "")
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—‐]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
  const truncated = folded.length > MAX_QUESTION_CHARS;
  const raw = truncated ? folded.slice(0, MAX_QUESTION_CHARS) : folded;
  return { raw, text: raw.toLowerCase(), truncated };
}
