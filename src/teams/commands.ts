import { parseAuthority, readQuestion } from "../answers/index.js";
import type { AuthorityId, Knowledge } from "../knowledge/index.js";

/** Conversation commands that change settings or reminders; questions go to the core instead. */
export type Command =
  | { name: "settings" }
  | { name: "set-authority"; authority: AuthorityId }
  | { name: "unknown-authority"; input: string }
  | { name: "reminders" }
  | { name: "digest-on" }
  | { name: "digest-off" };

export function parseCommand(text: string, knowledge: Knowledge): Command | null {
  const t = readQuestion(text).text;
  if (/^(settings|setting|change authority|choose authority)$/.test(t)) return { name: "settings" };
  const set = /^(?:set|use|change)\s+(?:the\s+)?(?:authority|la|local authority|council)\s*(?:to\s+)?(.+)$/.exec(t);
  if (set) {
    const authority = parseAuthority(set[1]!, knowledge);
    return authority ? { name: "set-authority", authority } : { name: "unknown-authority", input: set[1]! };
  }
  if (/^(reminders|list reminders|my reminders|show reminders)$/.test(t)) return { name: "reminders" };
  if (/^digest\s+on$/.test(t)) return { name: "digest-on" };
  if (/^digest\s+off$/.test(t)) return { name: "digest-off" };
  return null;
}
