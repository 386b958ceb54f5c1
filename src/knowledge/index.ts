import { loadLocalContacts, loadPacks, PACKS_DIR } from "./loader.js";
import type { AuthorityId, LocalContacts, Pack, Route } from "./schema.js";
import { loadLanguage, type PackLanguage } from "./language.js";
import { loadDeadlineWording, type DeadlineWording } from "./deadline-wording.js";
import { checkedAtBuild, type CheckedPacks } from "./snapshot.js";

export * from "./schema.js";
export { authorityFolders, loadPacks, loadPackFile, loadLocalContacts, crossCheck, PackError, PACKS_DIR, packFile } from "./loader.js";
export type { PackProblem } from "./loader.js";
export { PackLanguage, IndicatorLanguage, loadLanguage, languageFile, languageProblems } from "./language.js";
export { DeadlineWording, RuleWording, loadDeadlineWording, deadlineWordingFile, deadlineWordingProblems } from "./deadline-wording.js";
export { SNAPSHOT_FILE, snapshotOf, checkedAtBuild, type CheckedPacks } from "./snapshot.js";

/** Everything the core knows: the packs, and what the deploying authority configured locally. */
export interface Knowledge {
  packs: ReadonlyMap<AuthorityId, Pack>;
  local: LocalContacts | null;
  /** The project's practitioner language for each grid pack (absent for packs without a grid). */
  language?: ReadonlyMap<string, PackLanguage>;
  /** The project's phrasings of each pack's timescale rules (deadlines.json beside the pack). */
  deadlineWording?: ReadonlyMap<string, DeadlineWording>;
}

export function loadKnowledge(options: { packsDir?: string; contactsFile?: string } = {}): Knowledge {
  const dir = options.packsDir ?? PACKS_DIR;
  // The packs as `npm run build` checked them, when their files are byte for byte the same (src/knowledge/snapshot.ts).
  const checked = checkedAtBuild(dir);
  if (checked) {
    const local = options.contactsFile ? loadLocalContacts(options.contactsFile, checked.packs) : null;
    return { packs: checked.packs, local, language: checked.language, deadlineWording: checked.deadlineWording };
  }
  const packs = loadPacks(dir);
  const local = options.contactsFile ? loadLocalContacts(options.contactsFile, packs) : null;
  const { language, deadlineWording } = checkBesidePacks(dir, packs);
  return { packs, local, language, deadlineWording };
}

/** Every pack of a folder checked, with the data beside each (what SNAPSHOT_FILE keeps). */
export function checkPacks(dir = PACKS_DIR): CheckedPacks {
  const packs = loadPacks(dir);
  return { packs, ...checkBesidePacks(dir, packs) };
}

function checkBesidePacks(dir: string, packs: Map<AuthorityId, Pack>): Omit<CheckedPacks, "packs"> {
  const language = new Map<string, PackLanguage>();
  for (const pack of packs.values()) {
    const l = loadLanguage(dir, pack);
    if (l) language.set(pack.id, l);
  }
  const deadlineWording = new Map<string, DeadlineWording>();
  for (const pack of packs.values()) {
    const w = loadDeadlineWording(dir, pack);
    if (w) deadlineWording.set(pack.id, w);
  }
  return { language, deadlineWording };
}

export interface RouteChannelView {
  kind: Route["channels"][number]["kind"];
  value: string;
  label?: string;
  source: "document" | "local";
  configuredBy?: string;
  section?: string;
  quote?: string;
}

export interface RouteView {
  id: string;
  name: string;
  when: string;
  purpose: string;
  channels: RouteChannelView[];
  gap?: string;
  /** Where the document gives no way to reach it: what it does say about it, verbatim. */
  said?: { section: string; quote: string }[];
  /** Where the document says what it is for is sent: that route's name and the sentence. */
  sentTo?: { route: string; name: string; section: string; quote: string };
}

/**
 * A route as the bot shows it: the document's channels first, then any the deploying authority
 * configured, each labelled with where it came from. The document's gap statement stays visible
 * even when local values fill it, so nobody mistakes local configuration for the document.
 */
export function routeView(knowledge: Knowledge, pack: Pack, routeId: string): RouteView | undefined {
  const route = pack.routes.find((r) => r.id === routeId);
  const local = knowledge.local?.authorities[pack.id];
  const localRoute = local?.routes.find((r) => r.routeId === routeId);
  if (!route && !localRoute) return undefined;
  const channels: RouteChannelView[] = (route?.channels ?? []).map((c) => ({
    kind: c.kind,
    value: c.value,
    ...(c.label ? { label: c.label } : {}),
    source: "document" as const,
    section: c.source.section,
    quote: c.source.quote,
  }));
  for (const c of localRoute?.channels ?? [])
    channels.push({ kind: c.kind, value: c.value, ...(c.label ? { label: c.label } : {}), source: "local", configuredBy: local!.configuredBy });
  // A gap that already quotes a sentence does not need it said twice.
  const said = route && route.channels.length === 0 ? route.sources.filter((s) => !route.gap?.includes(s.quote.replace(/\.$/, ""))).map((s) => ({ section: s.section, quote: s.quote })) : [];
  return {
    id: routeId,
    name: route?.name ?? localRoute?.name ?? routeId,
    when: route?.when ?? localRoute?.when ?? "",
    purpose: route?.purpose ?? localRoute?.when ?? "",
    channels,
    ...(route?.gap ? { gap: route.gap } : {}),
    ...(said.length > 0 ? { said } : {}),
    ...(route?.sentTo
      ? { sentTo: { route: route.sentTo.route, name: pack.routes.find((x) => x.id === route.sentTo!.route)?.name ?? route.sentTo.route, section: route.sentTo.source.section, quote: route.sentTo.source.quote } }
      : {}),
  };
}

/** Local routes the pack does not know (e.g. an out-of-hours service the document never names). */
export function localOnlyRouteIds(knowledge: Knowledge, pack: Pack): string[] {
  const local = knowledge.local?.authorities[pack.id];
  return (local?.routes ?? []).filter((r) => !pack.routes.some((pr) => pr.id === r.routeId)).map((r) => r.routeId);
}
