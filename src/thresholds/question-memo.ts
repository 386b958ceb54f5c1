/**
 * Work shared while one question is answered, and forgotten when the answer is made: a question is
 * folded, analysed and read by the harm net several times over (whole, clause by clause, by each
 * check), each time the same. The memos hold the question's text as their keys, so they live only
 * inside `oneQuestion` (answer() runs in it): nothing of a question outlives its turn. Outside it
 * (the CLI's --explain, index building) nothing is kept and the work is done each time.
 */
const memos: QuestionMemo<unknown, unknown>[] = [];
let open = false;

export class QuestionMemo<K, V> {
  private readonly map = new Map<K, V>();
  constructor() {
    memos.push(this as QuestionMemo<unknown, unknown>);
  }
  get(key: K): V | undefined {
    return open ? this.map.get(key) : undefined;
  }
  set(key: K, value: V): void {
    if (open) this.map.set(key, value);
  }
  clear(): void {
    this.map.clear();
  }
}

/** Runs `work` (the answer to one question) with the memos open, then empties them all. */
export function oneQuestion<T>(work: () => T): T {
  if (open) return work();
  open = true;
  try {
    return work();
  } finally {
    open = false;
    for (const m of memos) m.clear();
  }
}
