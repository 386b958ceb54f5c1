import type { AnswerInput } from "../contract/answer.js";
import type { Indicator, Level } from "../knowledge/index.js";
import type { PackHandler } from "./handlers.js";
import { baseAnswer, type WithPack } from "./build.js";
import { fold } from "../thresholds/analyse.js";
import { regex } from "./match.js";
import { escapeRegExp as escape } from "../contract/text.js";

const PAGE_SIZE = 10;

function levelIn(text: string, levels: Level[]): Level | undefined {
  for (const l of levels) {
    const names = [`level ${l.id}`, `level ${l.tier}`, `tier ${l.tier}`, ...(/^\d+$/.test(l.id) ? [] : [l.id.replace(/-/g, " ")]), l.name.toLowerCase()];
    if (names.some((n) => regex(`(?<![a-z0-9])${escape(n)}(?![a-z0-9])`).test(text))) return l;
  }
  return undefined;
}

export interface BrowseRequest {
  level: string;
  /** A domain as the pack names it, or words within it ("health"); every domain when absent. */
  domain?: string;
  page: number;
}

/** One page of a level's indicators, optionally of one domain: what a browse button asks for. */
export function browseFor(r: WithPack, request: BrowseRequest): AnswerInput {
  if (!r.pack.hasIndicatorGrid) return noGrid(r);
  const level = r.pack.levels.find((l) => l.id === request.level);
  if (!level) return whichLevel(r);
  const all = r.pack.indicators.filter((i) => i.level === level.id);
  const wanted = request.domain?.toLowerCase();
  const inDomain = wanted ? all.filter((i) => i.domain.toLowerCase() === wanted || i.domain.toLowerCase().includes(wanted)) : all;
  // A filter that matches nothing shows the whole level rather than an empty page.
  return inDomain.length ? page(r, level, inDomain, request.domain, request.page) : page(r, level, all, undefined, request.page);
}

const noGrid = (r: WithPack): AnswerInput => ({
  ...baseAnswer("browse", r, `The ${r.pack.source.title} has no indicator grid to browse.`),
  gaps: [`The ${r.pack.name} document held has no indicator grid; its service tiers are described in the document's sections instead.`],
});

const whichLevel = (r: WithPack): AnswerInput => ({
  ...baseAnswer("browse", r, `Which level? ${r.pack.name}'s levels: ${r.pack.levels.map((l) => l.name).join(", ")}.`),
  suggestions: r.pack.levels.map((l) => `browse ${l.id} indicators`),
  levelChoices: r.pack.levels.map((l) => ({ id: l.id, name: l.name })),
});

function page(r: WithPack, level: Level, list: Indicator[], domain: string | undefined, asked: number): AnswerInput {
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  const n = Math.min(Math.max(1, asked), pages);
  const items = list.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
  const domains = [...new Set(r.pack.indicators.filter((i) => i.level === level.id).map((i) => i.domain))];
  return {
    ...baseAnswer("browse", r, `${level.name}: indicators ${(n - 1) * PAGE_SIZE + 1}–${(n - 1) * PAGE_SIZE + items.length} of ${list.length}${domain ? ` (${domain})` : ""}.`),
    browse: {
      level: { id: level.id, name: level.name, tier: level.tier },
      ...(domain ? { domain } : {}),
      domains,
      page: n,
      pageSize: PAGE_SIZE,
      total: list.length,
      indicators: items.map((i) => ({ id: i.id, level: i.level, levelName: level.name, tier: level.tier, domain: i.domain, text: i.text, section: i.section })),
    },
  };
}

/** "show level 3 indicators", "luton intensive indicators for health": the typed request read from words. */
export const browseAnswer: PackHandler = (q, r) => {
  const text = fold(q.raw);
  if (!/\bindicators?\b|^\s*browse\b/.test(text)) return null;
  if (!r.pack.hasIndicatorGrid) return noGrid(r);
  const level = levelIn(text, r.pack.levels);
  if (!level) return whichLevel(r);
  const domain = text.match(/\b(?:for|about|on|re)\s+([a-z &]+?)(?:\s+page\b|$)/)?.[1]?.trim();
  return browseFor(r, { level: level.id, ...(domain ? { domain } : {}), page: Number(/\bpage\s+(\d{1,3})\b/.exec(text)?.[1] ?? "1") });
};
