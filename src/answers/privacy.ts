/**
 * Obvious personal identifiers in a question. The bot never stores questions, but a gentle reminder
 * helps practitioners keep identifying details out of chat altogether.
 */
const IDENTIFIERS: { what: string; re: RegExp }[] = [
  { what: "an NHS number", re: /\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/ },
  { what: "a postcode", re: /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/i },
  { what: "a date of birth", re: /\b(?:dob|d\.o\.b|date of birth|born on)\b/i },
  { what: "an email address", re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/ },
  { what: "a phone number", re: /\b0\d{3,4}[ ]?\d{3}[ ]?\d{3,4}\b/ },
  { what: "a name", re: /\b(?:called|named|name is)\s+[A-Z][a-z]+/ },
  { what: "a name", re: /\b[A-Z][a-z]{2,}\s+[A-Z][a-z]{2,}\b/ },
];

/** Capitalised pairs that are not names: the services practitioners write about (authority names come from the packs). */
const NOT_NAMES = /^(?:Town Hall|Early Help|Social Care|Children(?:'s)? Services|Family Partnership|Youth Justice|Local Offer|Duty And|Universal Plus|Targeted Early|Child Protection)$/i;

/** `placeNames` are the loaded authorities' names ("Milton Keynes"), which are not people's names. */
export function identifiersIn(text: string, placeNames: readonly string[] = []): string[] {
  const places = new Set(placeNames.map((n) => n.toLowerCase()));
  const found = new Set<string>();
  for (const { what, re } of IDENTIFIERS) {
    const m = re.exec(text);
    if (m && !(what === "a name" && (NOT_NAMES.test(m[0]) || places.has(m[0].toLowerCase())))) found.add(what);
  }
  return [...found];
}

export function privacyNotes(text: string, placeNames: readonly string[] = []): string[] {
  const found = identifiersIn(text, placeNames);
  return found.length
    ? [`Your message seems to include ${found.join(" and ")}. Please leave identifying details out of chat: I don't need them to answer.`]
    : [];
}
