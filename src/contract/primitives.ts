import { z } from "zod";

/** The values every folder shares: authority ids, the common tier scale, channel kinds, timescale units. */

/**
 * An authority is known by its pack folder's name (src/knowledge/packs/<authority>/, or under
 * PACKS_DIR), never by a list in code: adding a folder adds an authority. Whether an id names a
 * loaded pack is checked where the packs are at hand (Knowledge.packs).
 */
export const AuthorityId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "ids are lower-case words joined by hyphens, e.g. icpc or mash-consultation")
  .describe("The authority's pack folder name, e.g. milton-keynes");
export type AuthorityId = z.infer<typeof AuthorityId>;

export const Tier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type Tier = z.infer<typeof Tier>;

export const ChannelKind = z.enum(["phone", "email", "form", "address", "web", "in-person"]);
export type ChannelKind = z.infer<typeof ChannelKind>;

export const TimescaleUnit = z.enum(["working-days", "calendar-days", "days-unspecified", "hours", "weeks", "months", "gestation-weeks"]);
export type TimescaleUnit = z.infer<typeof TimescaleUnit>;
