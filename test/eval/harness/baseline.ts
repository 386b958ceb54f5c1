import MiniSearch from "minisearch";
import type { Knowledge, Pack } from "../../../src/knowledge/index.js";

/**
 * The baseline the issue asks us to beat: plain full-text search (MiniSearch, default settings)
 * over the indicator texts, taking the level of the top hit.
 */
export function baselineFor(knowledge: Knowledge) {
  const engines = new Map<string, { pack: Pack; search: MiniSearch }>();
  for (const pack of knowledge.packs.values()) {
    if (!pack.hasIndicatorGrid) continue;
    const search = new MiniSearch({ fields: ["text"], storeFields: ["level"] });
    search.addAll(pack.indicators.map((i) => ({ id: i.id, text: i.text, level: i.level })));
    engines.set(pack.id, { pack, search });
  }
  return (authority: string, question: string): { tier: number; levelId: string } | null => {
    const engine = engines.get(authority);
    const top = engine?.search.search(question)[0];
    if (!engine || !top) return null;
    const level = engine.pack.levels.find((l) => l.id === top.level);
    return level ? { tier: level.tier, levelId: level.id } : null;
  };
}
