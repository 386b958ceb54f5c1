import { join } from "node:path";
import type { Pack } from "./schema.js";

/**
 * The source check: everything a pack quotes must be found in the pack's own document.
 *
 * "Found" folds what a text conversion changes and a reader does not notice: case, punctuation,
 * white space, curly quotes and dashes, bullets and HTML/Markdown markup. Words and figures are
 * never folded. Phone numbers compare digits only, emails ignore case, URLs ignore case, the
 * scheme and a trailing slash; a timescale's figure must be in its own source quote, as digits or
 * as a number word.
 */

/** Folds case, punctuation, white space and conversion markup away; words and figures stay. */
export function normalise(s: string): string {
  return s
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—‐]/g, "-")
    .replace(/[•●○·*#|_]/g, " ")
    .toLowerCase()
    .replace(/[^a-z0-9'&/+()%-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export type CitationKind = "indicator" | "quote" | "phone" | "email" | "url" | "figure";

/** One thing a pack says the document states, with where it stands in the pack. */
export interface Citation {
  path: string;
  kind: CitationKind;
  /** The text as the pack gives it (for a figure, the figure). */
  text: string;
  /** For a figure: the quote it must stand in. */
  within?: string;
}

export const PHONE_RE = /(?:\+44\s?\(?0?\)?\s?|\b0)\d[\d ]{7,12}\d\b/g;
export const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
export const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'()[\]]+/gi;

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every indicator, quote, phone number, email, URL and timescale figure a pack cites. */
export function citations(pack: Pack): Citation[] {
  const out: Citation[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === "string") {
      for (const m of value.match(PHONE_RE) ?? []) out.push({ path, kind: "phone", text: m });
      for (const m of value.match(EMAIL_RE) ?? []) out.push({ path, kind: "email", text: m });
      for (const m of value.match(URL_RE) ?? []) if (!m.includes("@")) out.push({ path, kind: "url", text: m.replace(/[.,;:]+$/, "") });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
      return;
    }
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        // The pack's own bookkeeping (schema path, where its document came from) cites nothing.
        if (k === "$schema" || (k === "document" && path === "source")) continue;
        if (k === "quote" && typeof v === "string") out.push({ path: childPath(path, k), kind: "quote", text: v });
        visit(v, childPath(path, k));
      }
    }
  };
  visit(pack, "");
  pack.indicators.forEach((ind, i) => out.push({ path: `indicators[${i}].text`, kind: "indicator", text: ind.text }));
  pack.procedures.forEach((p, i) => p.headings.forEach((h, j) => out.push({ path: `procedures[${i}].headings[${j}]`, kind: "quote", text: h })));
  pack.timescales.forEach((t, i) => {
    const figures: [string, number][] = [];
    if (t.amount !== null) figures.push([`timescales[${i}].amount`, t.amount]);
    if (t.amountMax !== undefined) figures.push([`timescales[${i}].amountMax`, t.amountMax]);
    for (const [path, n] of figures) out.push({ path, kind: "figure", text: String(n), within: t.source.quote });
  });
  return out;
}

const WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
/** Words that state a figure without writing it: "first working day", "fortnightly", "annually". */
const IMPLIED: Record<number, string[]> = {
  1: ["a", "an", "one", "once", "first", "single", "next", "weekly", "daily", "monthly"],
  2: ["two", "twice", "second", "fortnight", "fortnightly"],
  3: ["third"],
  12: ["annually", "annual", "yearly", "year"],
};

/** The ways a document may write a figure: 15, fifteen, twenty-one, first, annually. */
export function figureSpellings(n: number): string[] {
  const out = [String(n), ...(IMPLIED[n] ?? [])];
  if (Number.isInteger(n) && n >= 0 && n < 100) {
    if (n <= 20) out.push(WORDS[n]!);
    else out.push(n % 10 === 0 ? TENS[Math.floor(n / 10)]! : `${TENS[Math.floor(n / 10)]!}-${WORDS[n % 10]!}`);
  }
  return out;
}

/** A figure stands in a quote as a word of its own, or as one end of a range such as 10-15 or 34-35. */
function figureIn(n: number, quote: string): boolean {
  const words = normalise(quote).split(" ");
  const parts = new Set(words.flatMap((w) => [w, ...w.split(/[-/]/)]));
  return figureSpellings(n).some((s) => parts.has(s) || words.includes(s));
}

/** A document's text, folded once for every kind of comparison. */
export interface FoldedDocument {
  words: string;
  digits: string;
  lower: string;
}

export function foldDocument(raw: string): FoldedDocument {
  return {
    words: ` ${normalise(raw)} `,
    digits: raw.replace(/[^0-9\n]/g, ""),
    lower: raw.toLowerCase().replace(/\\/g, ""),
  };
}

const foldUrl = (u: string) => u.toLowerCase().replace(/^https?:\/\//, "").replace(/\/+$/, "");

/** True when the citation is found in the folded text. */
export function isFound(c: Citation, doc: FoldedDocument): boolean {
  switch (c.kind) {
    case "indicator":
    case "quote": {
      const n = normalise(c.text);
      return n.length > 0 && doc.words.includes(n);
    }
    case "phone":
      return doc.digits.includes(c.text.replace(/\D/g, "").replace(/^44/, "0"));
    case "email":
      return doc.lower.includes(c.text.toLowerCase());
    case "url":
      return doc.lower.includes(foldUrl(c.text));
    case "figure": {
      const within = normalise(c.within ?? "");
      return figureIn(Number(c.text), c.within ?? "") && within.length > 0 && doc.words.includes(within);
    }
  }
}

export interface Miss extends Citation {
  message: string;
}

const describe = (c: Citation): string => {
  switch (c.kind) {
    case "indicator":
      return `indicator "${c.text}" is not verbatim in the document`;
    case "quote":
      return `quote "${c.text.length > 100 ? `${c.text.slice(0, 100)}…` : c.text}" is not verbatim in the document`;
    case "phone":
      return `phone number "${c.text}" is not in the document`;
    case "email":
      return `email "${c.text}" is not in the document`;
    case "url":
      return `URL "${c.text}" is not in the document`;
    case "figure":
      return `figure ${c.text} is not in its source quote "${(c.within ?? "").slice(0, 100)}"`;
  }
};

/** Every citation of the pack that the document text does not contain. */
export function verifyPack(pack: Pack, documentText: string): Miss[] {
  const doc = foldDocument(documentText);
  return citations(pack)
    .filter((c) => !isFound(c, doc))
    .map((c) => ({ ...c, message: describe(c) }));
}

import { readDocument } from "./document.js";
export { documentFile, readDocument } from "./document.js";

export interface VerifyReport {
  authority: string;
  /** The pack's file, for messages. */
  file: string;
  counts: Record<CitationKind, number>;
  misses: Miss[];
}

/** Verifies one pack against the document beside it. */
export function verifyPackInDir(pack: Pack, packDir: string, file = join(packDir, "pack.json")): VerifyReport {
  const all = citations(pack);
  const counts = { indicator: 0, quote: 0, phone: 0, email: 0, url: 0, figure: 0 } as Record<CitationKind, number>;
  for (const c of all) counts[c.kind]++;
  const text = readDocument(pack, packDir);
  const misses: Miss[] =
    text === null
      ? [{ path: "source.document.file", kind: "quote", text: pack.source.document.file, message: `document "${pack.source.document.file}" is missing beside the pack` }]
      : verifyPack(pack, text);
  return { authority: pack.id, file, counts, misses };
}
