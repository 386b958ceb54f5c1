import { fold } from "./analyse.js";

// Words are read after folding, where "mum" has become "mother parent" and "yp" "young person".
const PARENT = /(?<![a-z])(parent|parents|mother|father|carer|carers|stepdad|stepmum|step-dad|step-mum|stepfather|stepmother|guardian|grandparent|grandmother|grandfather|nan|nana|grandma|grandad|partner|boyfriend of|uncle|aunt|auntie)(?![a-z])/;
const CHILD = /(?<![a-z])(child|children|kid|kids|son|daughter|boy|girl|baby|babies|infant|toddler|pupil|student|he|she|him|his|young person|teen|teenager|yp|sibling|brother|sister|lad)(?![a-z])/;
const CHILD_OBJECT = /(?<![a-z])(him|her|them|the child|the children|the kids|the baby|the boy|the girl|son|daughter|baby)(?![a-z])/;

/** The first parent and the first child a folded clause names, if the parent comes first. */
function parentFirst(t: string): RegExpExecArray | null {
  const p = PARENT.exec(t);
  const c = p && CHILD.exec(t);
  return p && (!c || p.index < c.index) ? p : null;
}

/**
 * Who a clause is about. A parent named first, with no child as the object of what is said
 * ("mum drinks every night"), makes it the parent's own difficulty; a clause that names only the
 * child is the child's. "dad hits him" is about the child, since the child is on the receiving end.
 */
export function subjectOf(clause: string): "parent" | "child" | null {
  const t = fold(clause);
  const p = parentFirst(t);
  if (p) return CHILD_OBJECT.test(t.slice(p.index + p[0].length)) ? null : "parent";
  return CHILD.test(t) ? "child" : null;
}

/** Is a parent the first person the clause names? "dad drinks and the kids are neglected" names dad first, whoever it is about. */
export const namesParentFirst = (clause: string): boolean => parentFirst(fold(clause)) !== null;
