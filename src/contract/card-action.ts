import { z } from "zod";
import { AuthorityId } from "./primitives.js";

/**
 * Every payload a card button can send. Anything else — a forged, stale or malformed payload —
 * fails to parse and gets a polite error card; nothing is changed.
 */
const text = (max: number) => z.string().trim().min(1).max(max);

export const CardAction = z.discriminatedUnion("action", [
  z.object({ action: z.literal("showSettings") }).strict(),
  z.object({ action: z.literal("setAuthority"), authority: AuthorityId }).strict(),
  z
    .object({
      action: z.literal("feedback"),
      kind: z.enum(["threshold", "route", "deadline", "procedure", "browse", "clarify"]),
      level: z.string().max(40).regex(/^[a-z0-9-]*$/).nullable().optional(),
      helpful: z.boolean(),
    })
    .strict(),
  z
    .object({
      action: z.literal("browse"),
      authority: AuthorityId,
      level: text(40).regex(/^[a-z0-9-]+$/),
      domain: z.string().max(120).optional(),
      page: z.number().int().min(1).max(100),
    })
    .strict(),
  z
    .object({
      action: z.literal("askDeadline"),
      authority: AuthorityId,
      rule: text(60).regex(/^[a-z0-9-]+$/),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    })
    .strict(),
  z
    .object({
      action: z.literal("remind"),
      authority: AuthorityId,
      rule: text(60).regex(/^[a-z0-9-]+$/),
      from: z.string().max(40),
      due: z.string().max(40),
      label: z.string().max(200),
      // Action.Submit sends a multi-select ChoiceSet as "2wd,day" and Input.Date/Time as strings.
      when: z.union([z.array(z.enum(["2wd", "1wd", "day"])).max(3), z.string().max(20).regex(/^[a-z0-9,]*$/)]).optional(),
      custom: z.string().max(40).optional(),
      customDate: z.string().max(10).optional(),
      customTime: z.string().max(5).optional(),
    })
    .strict(),
  // The other reading of a question one tap away ("What level of need is this?"): the question answered as that kind.
  z
    .object({
      action: z.literal("answerAs"),
      authority: AuthorityId,
      kind: z.enum(["threshold", "route", "procedure"]),
      question: text(2000),
    })
    .strict(),
  // Universal Actions' automatic refresh of a stale card: the view as it stands now.
  z.object({ action: z.literal("refresh"), view: z.enum(["reminders", "settings"]) }).strict(),
  z.object({ action: z.literal("cancelReminder"), reminderId: text(64).regex(/^[A-Za-z0-9-]+$/) }).strict(),
]);
export type CardAction = z.infer<typeof CardAction>;

/** Teams sends Action.Submit data as the activity's value; Action.Execute wraps it in action.data. */
export function parseCardAction(value: unknown): CardAction | null {
  const parsed = CardAction.safeParse(value);
  return parsed.success ? parsed.data : null;
}
