import type { PackHandler } from "./handlers.js";
import { baseAnswer } from "./build.js";
import type { Level } from "../knowledge/index.js";
import { fold } from "../thresholds/analyse.js";

const PAGE_SIZE = 10;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function levelIn(text: string, levels: Level[]): Level | undefined {
  for (const l of levels) {
    const names = [`level ${l.id}`, `level ${l.tier}`, `tier ${l.tier}`, ...(/^\d+$/.test(l.id) ? [] : [l.id.replace(/-/g, " ")]), l.name.toLowerCase()];
    if (names.some((n) => new RegExp(`(?<![a-z0-9])${escape(n)}(?![a-z0-9])`).test(text))) return l;
  }
  return undefined;
}

/** "show level 3 indicators", "luton intensive indicators for health": one page of a level's indicators. */
export const browseAnswer: PackHandler = (q, r) => {
  const text = fold(q.raw);
  if (!/\bindicators?\b|^\s*browse\b/.test(text)) return null;
  if (!r.pack.hasIndicatorGrid)
    return {
      ...baseAnswer("browse", r, `The ${r.pack.source.title} has no indicator grid to browse.`),
      gaps: [`The ${r.pack.name} document held has no indicator grid; its service tiers are described in the document's sections instead.`],
    };
  const level = levelIn(text, r.pack.levels);
  if (!level)
    return {
      ...baseAnswer("browse", r, `Which level? ${r.pack.name}'s levels: ${r.pack.levels.map((l) => l.name).join(", ")}.`),
      suggestions: r.pack.levels.map((l) => `browse ${l.id} indicators`),
    };
  const all = r.pack.indicators.filter((i) => i.level === level.id);
  const domainWords = text.match(/\b(?:for|about|on|re)\s+([a-z &]+?)(?:\s+page\b|$)/)?.[1]?.trim();
  const inDomain = domainWords ? all.filter((i) => i.domain.toLowerCase().includes(domainWords)) : all;
  const list = inDomain.length ? inDomain : all;
  const pageAsked = Number(/\bpage\s+(\d{1,3})\b/.exec(text)?.[1] ?? "1");
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, pageAsked), pages);
  const items = list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return {
    ...baseAnswer("browse", r, `${level.name}: indicators ${(page - 1) * PAGE_SIZE + 1}–${(page - 1) * PAGE_SIZE + items.length} of ${list.length}${domainWords && inDomain.length ? ` (${domainWords})` : ""}.`),
    browse: {
      level: { id: level.id, name: level.name, tier: level.tier },
      ...(domainWords && inDomain.length ? { domain: domainWords } : {}),
      page,
      pageSize: PAGE_SIZE,
      total: list.length,
      indicators: items.map((i) => ({ id: i.id, level: i.level, levelName: level.name, tier: level.tier, domain: i.domain, text: i.text, section: i.section })),
    },
  };
};
