import type { Knowledge, Pack, Procedure } from "../knowledge/index.js";
import { documentText } from "../knowledge/document.js";
import { stems } from "./match.js";
import { isEnglishWord } from "../thresholds/english.js";

/**
 * Each authority's document cut into sections (its own headings) and each section into sentences,
 * so that a procedure or route question is answered with the document's own words. Nothing here
 * is per-question: headings are found by their form, sentences by punctuation, and the pack's
 * procedures only name the chapter a heading belongs to.
 */

export interface Unit {
  /** Verbatim sentence (markup removed). */
  text: string;
  stems: string[];
  /** The sentence this list item or table cell continues ("The agenda should include:"). */
  lead?: number;
  /** The sentence before, when this one opens by referring back to it ("It sets out the following:"). */
  prev?: number;
  /** A section's first sentence that opens by referring back ("It will involve the social worker…"): its subject is the heading. */
  aboutHeading?: boolean;
  /** The pack procedures whose sources quote this sentence, wherever the document puts it (Luton's "information-sharing" cites a sentence under "Advice and consultation"). */
  citedBy?: Procedure[];
  line: number;
  section: number;
}

export interface Section {
  index: number;
  heading: string;
  /** The pack procedure the section sits in (its chapter), when one matches a heading above it. */
  procedure?: Procedure;
  /** "14. Pre-Birth – Discharge planning meetings and Safety Planning" (the chapter as the document numbers it), "§17 Private Fostering". */
  label: string;
  headingStems: Set<string>;
  units: number[];
  /** The pack procedures, other than its chapter, whose sources quote one of the section's sentences. */
  cites?: Procedure[];
  line: number;
}

export interface DocumentIndex {
  pack: Pack;
  sections: Section[];
  units: Unit[];
  idf: Map<string, number>;
  avgLength: number;
  /** Every stem the document uses, for saying plainly when it does not cover a topic. */
  vocabulary: Set<string>;
  /** The abbreviations the document itself spells out ("Family Partnership Service (FPS)"): "fps" → "family partnership service". */
  abbreviations: Map<string, string>;
}

const SMALL = new Set(["of", "and", "the", "for", "in", "on", "to", "&", "a", "an", "with", "at"]);

/**
 * Abbreviations a text defines by writing the words and then their initials in brackets: "Family Partnership Service (FPS)",
 * "National Referral Mechanism (NRM)", "Child Abuse Investigation Team (CAIT)". The words are taken back from the bracket
 * while their initials spell the abbreviation, small words ("of", "and") allowed between.
 */
export function definedAbbreviations(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/((?:[A-Za-z][\w'’-]*\s+){1,8})\(([A-Z][A-Z0-9]{1,6})s?\)/g)) {
    const abbr = m[2]!;
    const words = m[1]!.trim().split(/\s+/);
    const letters = abbr.toLowerCase().replace(/\d/g, "");
    let k = letters.length - 1;
    let start = words.length;
    for (let i = words.length - 1; i >= 0 && k >= 0; i--) {
      const w = words[i]!.toLowerCase();
      if (w[0] === letters[k]) {
        k--;
        start = i;
      } else if (!SMALL.has(w)) break;
    }
    if (k >= 0 || start === words.length) continue;
    const long = words.slice(start).join(" ").toLowerCase();
    // An abbreviation that is also a word ("SEND", "PEP") is not read as one in a lower-case question ("where do I send it").
    if (long.split(/\s+/).length >= 2 && !out.has(abbr.toLowerCase()) && !isEnglishWord(abbr.toLowerCase())) out.set(abbr.toLowerCase(), long);
  }
  return out;
}

/** A sentence that says a list follows it ("Below is a list of …", "… the following:"). */
const ANNOUNCES_LIST = /^(?:below is|below are|set out below|listed below)\b|\b(?:the following|as follows|listed below|set out below)\b|:\s*$/i;

/** A sentence that opens by referring back to the one before it. */
const ANAPHOR = /^(?:it|this|these|they|that|those|such|its|their|he|she|his|her)\b/i;

const TOC = /\.{4,}|\t\s*\d{1,3}\s*$/;
const BULLET = /^\s*(?:[-*·•▪]|\d{1,2}[.)]|\([a-z0-9]{1,3}\))\s+/;

function clean(s: string): string {
  return s
    .replace(/\[bookmark:[^\]]*\]/g, " ")
    .replace(/\[footnoteRef:\d+\]/g, " ")
    .replace(/<a [^>]*>([^<]*)<\/a>/g, "$1")
    .replace(/<[^>]+>/g, " ")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\*\*|__|(?<![a-z])\*(?!\s)|(?<!\s)\*(?![a-z])/gi, "")
    .replace(/&amp;/g, "&")
    .replace(/&nbsp;/g, " ")
    // Markdown's escapes ("guidance \(publishing.service.gov.uk\)") read as the characters they escape.
    .replace(/\\([()[\]*_#.!-])/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/^(?:§?\d{1,2}\.?|[ivx]{1,4}\.)\s+/, "")
    .replace(/\(.*?\)/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

const ABBREV = /(?:\b(?:e\.g|i\.e|etc|no|vs|approx|incl|para|s|Dr|Mr|Mrs|Ms|St)\.|\b[A-Z]\.)$/i;

/** Sentences of a paragraph, split at full stops that end a sentence (not "e.g." or "S.M.A.R.T"). */
export function sentences(paragraph: string): string[] {
  const parts = paragraph.split(/(?<=[.!?])\s+(?=[A-Z0-9"“'(])/);
  const out: string[] = [];
  for (const p of parts) {
    const prev = out.at(-1);
    if (prev !== undefined && ABBREV.test(prev)) out[out.length - 1] = `${prev} ${p}`;
    else out.push(p);
  }
  return out.map((s) => s.trim()).filter((s) => /[a-z]{2}/i.test(s));
}

/** Does this cleaned line read as a heading: short, a title, not a sentence, a list item or a contact line? */
function plainHeading(line: string, next: string): boolean {
  if (line.length > 90 || line.length < 3) return false;
  const words = line.split(/\s+/);
  if (words.length > 13) return false;
  if (/[.,;:!]$/.test(line) || /[,@]/.test(line) || /^\W/.test(line)) return false;
  if (!/^[A-Z0-9]/.test(line)) return false;
  if (/\d{4,}/.test(line.replace(/\b(?:19|20)\d\d\b/g, ""))) return false;
  if (line === line.toUpperCase() && /[A-Z]{3}/.test(line) && words.length > 1) return false;
  // A line that carries on into a lower-case line is the first half of a sentence.
  if (/^[a-z]/.test(next)) return false;
  return true;
}

interface RawBlock {
  kind: "heading" | "text" | "item";
  text: string;
  line: number;
  /** A markdown heading's depth (# = 1); other headings have none. */
  depth?: number;
  /** A heading that goes back to the section of the same heading above (a table row carried on after a page break). */
  resume?: boolean;
  /** A heading written ending in a colon ("### Proposed agenda for Discharge Planning Meetings:"): what follows is its list. */
  announces?: boolean;
}

/** The document as headings, paragraphs and list items, in order. */
function blocks(doc: string, pack: Pack): RawBlock[] {
  const lines = doc.split(/\r?\n/);
  const out: RawBlock[] = [];
  const push = (kind: RawBlock["kind"], text: string, line: number, depth?: number, resume?: boolean) => {
    const t = clean(text);
    if (t) out.push({ kind, text: t, line, ...(depth ? { depth } : {}), ...(resume ? { resume } : {}) });
  };
  const cellParts = (cell: string, line: number, kind: RawBlock["kind"]) => {
    // HTML cells: each <li> and <p> is a unit of its own; bullets written inline ("… who: • have a disability • exhibit …")
    // are the items of the text before them.
    const pieces = cell.split(/<\/?(?:li|p|br|ul|ol)\b[^>]*>/i);
    for (const piece of pieces) {
      const [head, ...bullets] = piece.split(/\s[•▪]\s/);
      const t = clean(head!).replace(/^[•·\s]+/, "");
      if (t) out.push({ kind: /<li/i.test(cell) ? "item" : kind, text: t, line });
      for (const b of bullets) {
        const x = clean(b);
        if (x) out.push({ kind: "item", text: x, line });
      }
    }
  };
  // The columns of the table being read, and the level whose row it is on.
  let columns: string[] | undefined;
  let row: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim() || TOC.test(raw)) continue;
    const next = clean(lines.slice(i + 1).find((l) => l.trim()) ?? "");
    const md = /^\s*#{1,6}\s+(.*)$/.exec(raw);
    if (md) {
      push("heading", md[1]!.replace(/[:*\s]+$/, ""), i + 1, /^\s*(#+)/.exec(raw)![1]!.length);
      if (/:[*\s]*$/.test(md[1]!) && out.at(-1)?.kind === "heading") out.at(-1)!.announces = true;
      continue;
    }
    if (/^\s*\[bookmark:[^\]]*\]/.test(raw)) {
      const rest = clean(raw);
      if (rest && rest.split(/\s+/).length <= 12 && !/[.:;]$/.test(rest)) {
        push("heading", rest, i + 1);
        continue;
      }
    }
    if (raw.includes("\t")) {
      const cells = raw.split("\t");
      // A table's header row ("Category and Referral Routes · Needs · Services (examples) · Outcome") names its columns.
      const labels = cells.map(clean);
      if (labels.length >= 3 && labels.every((c) => c && c.split(/\s+/).length <= 5 && !/[.;:!?]$/.test(c)) && !/<p|<li/i.test(raw)) {
        columns = labels;
        continue;
      }
      // A row of such a table that opens with one of the authority's level names ("Additional Two or three services…") is
      // that level's row: each cell is read under the level and its column ("Additional – Services (examples)"). A row with
      // an empty first cell carries on the row above, after a page break.
      const level = columns ? levelOpening(clean(cells[0]!), pack) : undefined;
      if (columns && (level || (!clean(cells[0]!) && row))) {
        if (level) row = level.name;
        cells.forEach((c, k) => {
          const cell = k === 0 && level ? c.replace(/^(\s*(?:<p[^>]*>)?\s*)\S+/, "$1") : c;
          if (!clean(cell) || !columns![k]) return;
          push("heading", `${row} – ${columns![k]}`, i + 1, undefined, !level);
          cellParts(cell, i + 1, "text");
        });
        continue;
      }
      row = undefined;
      // A first cell that opens with a short paragraph ("<p>Review Conferences</p> <p>The review…") names the row.
      const opening = /^\s*<p>([^<]{3,80})<\/p>(.*)$/i.exec(cells[0]!);
      if (opening && !/[.;:]\s*$/.test(opening[1]!.trim()) && opening[2]!.trim()) {
        push("heading", opening[1]!, i + 1);
        cellParts(opening[2]!, i + 1, "text");
        for (const c of cells.slice(1)) cellParts(c, i + 1, "text");
        continue;
      }
      const first = clean(cells[0]!);
      if (/^(practice|version|category and referral routes)\b/i.test(first)) continue;
      if (first && cells.length > 1 && first.split(/\s+/).length <= 14 && !/[.;:]\s*$/.test(first.replace(/\.$/, ""))) {
        push("heading", first.replace(/\.$/, ""), i + 1);
        for (const c of cells.slice(1)) cellParts(c, i + 1, "text");
        continue;
      }
      // A longer first cell that opens with the title of one of the pack's chapters ("Team Around the Family (TAF) Meetings
      // Copies of a template…") is that row's heading; what follows the title is read as text when it says something.
      const titled = first && cells.length > 1 ? procedureFor(first, pack) : undefined;
      const title = titled ? [titled.title, ...titled.headings].find((t) => first.toLowerCase().startsWith(t.toLowerCase())) : undefined;
      if (title) {
        push("heading", first.slice(0, title.length), i + 1);
        const rest = first.slice(title.length);
        if (rest.replace(/\([^)]*\)/g, " ").split(/\s+/).filter((w) => /[a-z]/i.test(w)).length >= 5) push("text", rest, i + 1);
        for (const c of cells.slice(1)) cellParts(c, i + 1, "text");
        continue;
      }
      // A cell on a line of its own after a tab ("\tReports to Court Under S37…" over "\tSign off by Head of Service"): the
      // first of a row's lines is its label, the lines under it are read with it, as a list's items are with its lead.
      if (!first && cells.filter((c) => clean(c)).length === 1) {
        const cell = cells.find((c) => clean(c))!;
        const above = lines[i - 1] ?? "";
        const inRow = above.trim() !== "" && /^\t/.test(above);
        if (!/<li|<p/i.test(cell)) {
          push(inRow ? "item" : "text", cell, i + 1);
          continue;
        }
      }
      for (const c of cells) cellParts(c, i + 1, "text");
      continue;
    }
    if (!raw.startsWith("\t")) row = undefined;
    const bold = /^\s*\*\*([^*]+)\*\*\s*$/.exec(raw);
    const text = clean(raw);
    if (bold && text.split(/\s+/).length <= 12) {
      push("heading", text, i + 1);
      continue;
    }
    if (/<li|<p/i.test(raw)) {
      cellParts(raw, i + 1, "text");
      continue;
    }
    if (BULLET.test(raw)) {
      push("item", raw.replace(BULLET, ""), i + 1);
      continue;
    }
    if (plainHeading(text, next) || (text.length < 100 && !/[.;:]$/.test(text) && procedureFor(text, pack))) {
      push("heading", text, i + 1);
      continue;
    }
    push("text", raw, i + 1);
  }
  return out;
}

/** The pack level whose name a table cell opens with ("Additional Two or three services…"), as a whole word. */
function levelOpening(cell: string, pack: Pack) {
  return pack.levels.find((l) => new RegExp(`^${l.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(cell));
}

/** The pack procedure a heading opens, matched by its title, section name or the document's own headings for it. */
function procedureFor(heading: string, pack: Pack): Procedure | undefined {
  const h = norm(heading);
  if (!h) return undefined;
  return pack.procedures.find((p) => {
    const names = [p.title, p.section, p.section.split(/\s+[–-]\s+/).at(-1) ?? "", ...p.headings].map(norm).filter(Boolean);
    return names.some((n) => n === h || (n.length > 12 && h.startsWith(n)));
  });
}

function chapterLabel(p: Procedure): string {
  return /^(?:§\s*\d+|appendix\s+\w+|section\s+\d+)$/i.test(p.section.trim()) ? `${p.section} ${p.title}` : p.section;
}

export function buildIndex(pack: Pack, text: string): DocumentIndex {
  const indicatorTexts = new Set(pack.indicators.map((i) => norm(i.text)));
  const sections: Section[] = [];
  const units: Unit[] = [];
  let chapter: Procedure | undefined;
  // The markdown headings above the current one ("## Level 2" over "### PARENTS & CARERS"), below the chapter's own.
  let outline: { depth: number; heading: string }[] = [];
  // A chapter is cited as the document numbers it ("21. Special Guardianship") when its heading carries its own number,
  // else by the pack's section and title ("§17 Private Fostering").
  let chapterName = "";
  const open = (heading: string, line: number, depth?: number) => {
    const own = procedureFor(heading, pack);
    if (own) {
      chapter = own;
      chapterName = /^(?:\d{1,2}\.|[ivx]{1,4}\.)\s+\S/i.test(heading) ? heading : chapterLabel(own);
      outline = [];
    }
    // Only a markdown heading has a place in the outline; any other heading ("**Level 4**") breaks it.
    outline = depth === undefined ? [] : outline.filter((h) => h.depth < depth);
    const parents = own ? [] : outline.map((h) => h.heading).filter((h) => !chapter || norm(h) !== norm(chapter.title));
    if (depth !== undefined) outline.push({ depth, heading });
    const path = [...parents, heading].join(" – ");
    const label = chapter ? (norm(chapter.title) === norm(heading) || own ? chapterName : `${chapterName} – ${path}`) : path;
    sections.push({
      index: sections.length,
      heading,
      ...(chapter ? { procedure: chapter } : {}),
      label,
      headingStems: new Set([...stems(heading), ...parents.flatMap((h) => [...stems(h)]), ...(chapter ? stems(chapter.title) : [])]),
      units: [],
      line,
    });
  };
  open(pack.source.title, 1);
  let lastText: number | undefined;
  let section = sections.at(-1)!;
  let joinNext = false;
  const all = blocks(text, pack);
  for (const [k, b] of all.entries()) {
    if (b.kind === "heading") {
      const earlier = b.resume ? sections.findLast((x) => x.heading === b.text && x.procedure === chapter) : undefined;
      if (earlier) {
        // The row carries on: its cells go back to their sections, a sentence cut by the page break joined up again.
        section = earlier;
        lastText = [...earlier.units].reverse().find((i) => units[i]!.lead === undefined);
        joinNext = true;
        continue;
      }
      open(b.text, b.line, b.depth);
      section = sections.at(-1)!;
      lastText = undefined;
      // A heading that ends by announcing a list ("Proposed agenda for Discharge Planning Meetings:") over its items, with no
      // sentence between, is the lead of that list, as a sentence would be.
      if (b.announces && all[k + 1]?.kind === "item" && all[k + 2]?.kind === "item") {
        const lead = `${b.text}:`;
        units.push({ text: lead, stems: [...stems(lead)], line: b.line, section: section.index });
        section.units.push(units.length - 1);
        lastText = units.length - 1;
      }
      continue;
    }
    const join = joinNext;
    joinNext = false;
    // The paragraph's sentence that announces a list ("Below is a list of key decisions … This can be delegated …") leads
    // the items that follow, though another sentence comes after it.
    let announces: number | undefined;
    for (const s of b.kind === "item" ? [b.text] : sentences(b.text)) {
      if (indicatorTexts.has(norm(s))) continue;
      const last = units[section.units.at(-1) ?? -1];
      if (join && last && /^[a-z]/.test(s) && !/[.!?:]$/.test(last.text)) {
        last.text = `${last.text} ${s}`;
        last.stems = [...stems(last.text)];
        continue;
      }
      const u: Unit = { text: s, stems: [...stems(s)], line: b.line, section: section.index };
      if (b.kind === "item" && lastText !== undefined && units[lastText]?.section === section.index) u.lead = lastText;
      else if (ANAPHOR.test(s) && lastText !== undefined && units[lastText]?.section === section.index) u.prev = lastText;
      else if (ANAPHOR.test(s) && b.kind !== "item" && section.units.length === 0) u.aboutHeading = true;
      units.push(u);
      section.units.push(units.length - 1);
      if (b.kind !== "item") lastText = units.length - 1;
      if (b.kind !== "item" && announces === undefined && ANNOUNCES_LIST.test(s)) announces = units.length - 1;
    }
    if (b.kind !== "item" && announces !== undefined) lastText = announces;
  }
  citeSources(pack, sections, units);
  const df = new Map<string, number>();
  for (const u of units) for (const s of new Set(u.stems)) df.set(s, (df.get(s) ?? 0) + 1);
  const n = units.length || 1;
  const idf = new Map<string, number>();
  for (const [s, d] of df) idf.set(s, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
  // A word only a heading uses ("Proposed agenda for Discharge Planning Meetings" over a list of items) weighs as a word one
  // sentence uses, so that a question asking for it reaches the sentences under that heading.
  for (const section of sections) for (const s of section.headingStems) if (!idf.has(s)) idf.set(s, Math.log(1 + (n - 1 + 0.5) / 1.5));
  const avgLength = units.reduce((s, u) => s + u.stems.length, 0) / n;
  const vocabulary = new Set<string>([...df.keys(), ...sections.flatMap((s) => [...s.headingStems])]);
  return { pack, sections, units, idf, avgLength, vocabulary, abbreviations: definedAbbreviations(clean(text)) };
}

const folded = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/**
 * The pack's knowledge of where each procedure's sentences stand: a sentence a procedure quotes as its source belongs to
 * that procedure as well as to the chapter it sits in, and so does its section.
 */
function citeSources(pack: Pack, sections: Section[], units: Unit[]): void {
  const texts = units.map((u) => folded(u.text));
  for (const p of pack.procedures)
    for (const src of p.sources) {
      const quote = folded(src.quote);
      // A heading quoted as a source ("Seven Principles of Information Sharing") names a section, not a sentence.
      if (quote.split(" ").length < 6) continue;
      texts.forEach((t, i) => {
        if (!(t.includes(quote) || (t.length > 40 && quote.includes(t)))) return;
        const u = units[i]!;
        if (!u.citedBy?.includes(p)) (u.citedBy ??= []).push(p);
        const section = sections[u.section]!;
        if (section.procedure !== p && !section.cites?.includes(p)) (section.cites ??= []).push(p);
      });
    }
}

const cache = new WeakMap<Pack, DocumentIndex>();

/** The index of a pack's document, built once per pack object. */
export function documentIndex(_knowledge: Knowledge, pack: Pack): DocumentIndex {
  let idx = cache.get(pack);
  if (!idx) {
    idx = buildIndex(pack, documentText(pack));
    cache.set(pack, idx);
  }
  return idx;
}
