import { distance } from "fastest-levenshtein";
import type { Pack } from "./schema.js";
import { citations, normalise, verifyPack, type Citation, type Miss } from "./verify.js";

/**
 * What changed between the document a pack holds and a new text of it, for the pack's editor.
 *
 * Both texts are cut into units: sentences, list items and grid cells (HTML and Markdown lists,
 * table cells, tab-separated columns, bullets). A unit is folded as the source check folds
 * quotes (case, punctuation, white space, markup) and counts as kept when the other text holds it
 * anywhere, whatever its line breaks, cell boundaries or order: so a re-conversion of the same
 * document, which wraps, marks up and splits its grid differently, shows no change. A removed
 * unit and an added one that differ by a few characters are one change. Sections are the
 * document's own headings (numbered sections, Markdown headings, contents-list titles).
 */

export interface Unit {
  /** "§8 Child & Family Assessment", or "Front matter" before the first numbered section. */
  section: string;
  /** The unit as the text writes it, markup removed. */
  text: string;
  /** Folded, for comparison. */
  norm: string;
  /** 1-based line in its text. */
  line: number;
}

const FRONT = "Front matter";
const BLOCK = /<\/?(?:p|li|ul|ol|div|tr|td|th|table|thead|tbody|h[1-6]|br|hr|blockquote)\b[^>]*>|[•●○|\t]/gi;

/** Visible text: tags, entities, Markdown emphasis, escapes and link targets folded away. */
const plain = (s: string) =>
  s
    .replace(/\]\((?:[^()\s]|\([^()\s]*\))*\)/g, "")
    .replace(/[[\]]/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, "$1")
    .replace(/\*\*|__/g, "")
    .replace(/\s+/g, " ")
    .trim();

/** Titles a contents list gives: "9\tWhat happens to a request…\t19", "| 8. | Child & Family Assessment..... | 18 |", "13. Children with Disability Service .....\t27". */
function contentsTitles(lines: string[]): Map<string, number | null> {
  const titles = new Map<string, number | null>();
  for (const line of lines) {
    const cells = line.split(/\t|\|/).map((c) => plain(c).replace(/\s*\.{3,}\s*$/, "").trim()).filter(Boolean);
    if (cells.length < 2 || !/^\d{1,3}$/.test(cells[cells.length - 1]!)) continue;
    const [first, second] = cells;
    const numbered = /^(\d{1,2})\.?(?:\s+(.+))?$/.exec(first!);
    const title = numbered ? (numbered[2] ?? (cells.length > 2 ? second : undefined)) : first;
    if (title && /[A-Za-z]{3}/.test(title)) titles.set(normalise(title), numbered ? Number(numbered[1]) : null);
  }
  return titles;
}

/** Cuts a document into sentences and grid lines, each under its section (numbered section › latest sub-heading). */
export function units(raw: string): Unit[] {
  const lines = raw.replace(/\r\n?/g, "\n").split("\n");
  const contents = contentsTitles(lines);
  const out: Unit[] = [];
  let numbered = FRONT;
  let sectionNumber = 0;
  let sub = "";
  lines.forEach((line, i) => {
    const isContentsLine = /[|\t]|\.{3,}/.test(line);
    const text = plain(line.replace(/\[bookmark: [^\]]*\]/g, "")).replace(/^#+\s*/, "").trim();
    const markdown = /^#{1,6}\s/.test(line);
    const bookmark = /^\[bookmark: _Toc/.test(line) && text.length < 120 && !/[.:]$/.test(text);
    const fromContents = !isContentsLine && contents.has(normalise(text.replace(/^\d{1,2}\.?\s+/, "")));
    const num = /^(\d{1,2})\.?\s+([A-Z].*)$/.exec(text);
    if (text && !isContentsLine && (markdown || bookmark || fromContents)) {
      const n = num ? Number(num[1]) : (contents.get(normalise(text)) ?? null);
      if (n !== null && n > sectionNumber && n <= sectionNumber + 3) {
        sectionNumber = n;
        numbered = `§${n} ${(num ? num[2]! : text).replace(/[.:]+$/, "")}`;
        sub = "";
      } else if (!num) sub = text.replace(/[.:]+$/, "");
    }
    const section = sub ? (numbered === FRONT ? sub : `${numbered} › ${sub}`) : numbered;
    for (const block of line.replace(BLOCK, "\u0000").split("\u0000")) {
      const item = block.replace(/^\s*(?:#{1,6}|[-*+]|\d+[.)]|[ivx]+\.)\s+/, "");
      for (const sentence of item.split(/(?<=[.!?])\s+(?=["'(‘“]?[A-Z0-9])/)) {
        const text = plain(sentence);
        const norm = normalise(text);
        // Words make a unit; bare page and list numbers ("27", "ii") do not.
        if (/[a-z]/.test(norm) && !/^(?:[ivx]+|\d{1,3})(?: (?:[ivx]+|\d{1,3}))*$/.test(norm)) out.push({ section, text, norm, line: i + 1 });
      }
    }
  });
  return out;
}

export interface DocumentDiff {
  added: Unit[];
  removed: Unit[];
  changed: { before: Unit; after: Unit }[];
}

/** Units of the old text the new one lacks, units the new text adds, and near pairs as changes. */
export function diffDocuments(oldText: string, newText: string): DocumentDiff {
  const oldUnits = units(oldText);
  const newUnits = units(newText);
  const oldWords = ` ${normalise(plain(oldText))} `;
  const newWords = ` ${normalise(plain(newText))} `;
  const unique = (list: Unit[]) => list.filter((u, i) => list.findIndex((v) => v.norm === u.norm) === i);
  const removed = unique(oldUnits.filter((u) => !newWords.includes(` ${u.norm} `)));
  const added = unique(newUnits.filter((u) => !oldWords.includes(` ${u.norm} `)));

  const pairs: { before: Unit; after: Unit; score: number }[] = [];
  for (const before of removed)
    for (const after of added) {
      if (Math.abs(before.norm.length - after.norm.length) > 0.4 * Math.max(before.norm.length, after.norm.length)) continue;
      const score = distance(before.norm, after.norm) / Math.max(before.norm.length, after.norm.length);
      if (score <= 0.4) pairs.push({ before, after, score });
    }
  pairs.sort((a, b) => a.score - b.score);
  const changed: DocumentDiff["changed"] = [];
  const used = new Set<Unit>();
  for (const p of pairs)
    if (!used.has(p.before) && !used.has(p.after)) {
      used.add(p.before).add(p.after);
      changed.push({ before: p.before, after: p.after });
    }
  changed.sort((a, b) => a.after.line - b.after.line);
  return { added: added.filter((u) => !used.has(u)), removed: removed.filter((u) => !used.has(u)), changed };
}

/** A pack entry that cites text the new document changed or removed. */
export interface AffectedEntry {
  path: string;
  kind: Citation["kind"];
  text: string;
  /** The old unit it cites, and what became of it. */
  unit: Unit;
  change: "changed" | "removed";
}

export interface PackDiff extends DocumentDiff {
  authority: string;
  affected: AffectedEntry[];
  /** Everything the pack cites that the new text does not contain (the source check against it). */
  missing: Miss[];
  unchanged: boolean;
}

const MIN_OVERLAP = 12;

function cites(c: Citation, u: Unit): boolean {
  switch (c.kind) {
    case "phone": {
      const digits = c.text.replace(/\D/g, "").replace(/^44/, "0");
      return u.text.replace(/\D/g, "").includes(digits);
    }
    case "email":
    case "url":
      return u.text.toLowerCase().includes(c.text.toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, ""));
    default: {
      const n = normalise(c.kind === "figure" ? (c.within ?? "") : c.text);
      if (!n) return false;
      return u.norm.includes(n) || (u.norm.length >= MIN_OVERLAP && n.includes(u.norm));
    }
  }
}

/** The editor's report for a pack: the document diff, the pack entries it touches, and what is now unsourced. */
export function diffPack(pack: Pack, oldText: string, newText: string): PackDiff {
  const diff = diffDocuments(oldText, newText);
  const all = citations(pack);
  const affected: AffectedEntry[] = [];
  const touched = [
    ...diff.changed.map((c) => ({ unit: c.before, change: "changed" as const })),
    ...diff.removed.map((unit) => ({ unit, change: "removed" as const })),
  ];
  for (const c of all)
    for (const t of touched)
      if (cites(c, t.unit)) affected.push({ path: c.path, kind: c.kind, text: c.kind === "figure" ? (c.within ?? c.text) : c.text, ...t });
  const missing = verifyPack(pack, newText);
  const unchanged = diff.added.length + diff.removed.length + diff.changed.length + missing.length === 0;
  return { authority: pack.id, ...diff, affected, missing, unchanged };
}

const entryOf = (pack: Pack, path: string): string => {
  const m = /^(indicators|routes|timescales|procedures|levels|unstatedRules)\[(\d+)\]/.exec(path);
  if (!m) return path;
  const list = pack[m[1] as "indicators"] as { id: string }[];
  const id = list[Number(m[2])]?.id;
  return id ? `${path} (${m[1]} "${id}")` : path;
};

/** The report as plain text, section by section. */
export function formatPackDiff(pack: Pack, d: PackDiff): string {
  if (d.unchanged) return `${pack.name}: no change between the pack's document and the new text.\n`;
  const lines: string[] = [
    `${pack.name}: ${d.changed.length} changed, ${d.removed.length} removed, ${d.added.length} added; ${d.affected.length} pack citations touched, ${d.missing.length} no longer in the new text.`,
  ];
  const items: { section: string; line: number; text: string }[] = [
    ...d.changed.map((c) => ({ section: c.after.section, line: c.after.line, text: `  changed (line ${c.before.line} → ${c.after.line}):\n    - ${c.before.text}\n    + ${c.after.text}` })),
    ...d.removed.map((u) => ({ section: u.section, line: u.line, text: `  removed (line ${u.line}): ${u.text}` })),
    ...d.added.map((u) => ({ section: u.section, line: u.line, text: `  added (line ${u.line}): ${u.text}` })),
  ].sort((a, b) => a.line - b.line);
  const sections = new Map<string, string[]>();
  for (const item of items) sections.set(item.section, [...(sections.get(item.section) ?? []), item.text]);
  for (const [section, texts] of sections) lines.push("", section, ...texts);
  if (d.affected.length) {
    lines.push("", "Pack entries citing changed or removed text:");
    for (const a of d.affected) lines.push(`  ${entryOf(pack, a.path)}: ${a.kind} "${a.text.slice(0, 120)}" cites ${a.change} text in ${a.unit.section} (line ${a.unit.line})`);
  }
  if (d.missing.length) {
    lines.push("", "Cited by the pack but not in the new text:");
    for (const m of d.missing) lines.push(`  ${entryOf(pack, m.path)}: ${m.message.replace("the document", "the new text")}`);
  }
  return `${lines.join("\n")}\n`;
}
