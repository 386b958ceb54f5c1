/**
 * The card templates compiled once into plain functions, giving what adaptivecards-templating
 * (with adaptive-expressions under it) gives for the same template and data, at a small fraction of
 * its cost per card and without loading the engine.
 *
 * Only the part of the templating language /cards uses is compiled: `$data` and `$when`, strings
 * that are one `${…}` or text with `${path}` in it, and expressions made of paths (`a.b`, `$data`,
 * `$root.x`), literals ('…', numbers, null, true, false), `count(…)`, `==`, `!=`, `<`, `<=`, `>`,
 * `>=` against a literal, `&&` and `||`. A template with anything else is not compiled
 * (compileTemplate gives null) and is expanded by the engine itself. Each rule below is the
 * engine's own: paths are looked up without regard to case, the first key that matches winning; a
 * path that finds nothing is written as its own `${path}` outside `$when`; `$when` is shown only for
 * `true`; comparisons that cannot be made are false; `||` is true when any part is neither false
 * nor null. test/cards/compiled-template.test.ts holds the two to the same output.
 */

/** The engine's evaluation scope: the current `$data` and the root. */
interface Scope {
  root: unknown;
  data: unknown;
}

/** What the engine reports as an evaluation error (not an exception), with the value it reports beside it. */
class ExprError extends Error {
  constructor(
    message: string,
    readonly value: unknown = undefined,
  ) {
    super(message);
  }
}

type Expr = (s: Scope, substitute: boolean) => unknown;

/** adaptive-expressions' accessProperty: no value from a falsy instance, otherwise the first key equal without regard to case. */
function property(instance: unknown, name: string, lower: string): unknown {
  if (!instance) return undefined;
  if (instance instanceof Map) {
    const hit = instance.get(name);
    if (hit !== undefined) return hit;
    for (const k of instance.keys()) if (typeof k === "string" && k.toLowerCase() === lower) return instance.get(k);
    return undefined;
  }
  for (const k of Object.keys(instance)) if (k === name || (k.length === name.length && k.toLowerCase() === lower)) return (instance as Record<string, unknown>)[k];
  return undefined;
}

const isNumber = (x: unknown): x is number => typeof x === "number" && !Number.isNaN(x);

/** adaptive-expressions' commonEquals, for a literal on one side (the only comparisons compiled). */
function equalsLiteral(v: unknown, literal: unknown): boolean {
  if (v == null || literal == null) return v == null && literal == null;
  if (isNumber(v) && isNumber(literal) && Math.abs(v - literal) < Number.EPSILON) return true;
  return v === literal;
}

/** adaptive-expressions' isLogicTrue. */
const logicTrue = (x: unknown) => (typeof x === "boolean" ? x : x != null);

// ---- the expression language, as far as the templates use it ----

type Node =
  | { k: "lit"; v: string | number | boolean | null }
  | { k: "path"; head: "$data" | "$root"; parts: { name: string; lower: string }[]; text: string }
  | { k: "count"; arg: Node }
  | { k: "cmp"; op: "==" | "!=" | "<" | "<=" | ">" | ">="; left: Node; right: Node }
  | { k: "or" | "and"; parts: Node[] };

class Unsupported extends Error {}

function parseExpression(src: string): Node {
  let i = 0;
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const peek = (s: string) => (ws(), src.startsWith(s, i));
  const take = (s: string) => (peek(s) ? ((i += s.length), true) : false);
  const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
  function primary(): Node {
    ws();
    const rest = src.slice(i);
    if (rest.startsWith("'")) {
      const end = src.indexOf("'", i + 1);
      const v = end < 0 ? "" : src.slice(i + 1, end);
      if (end < 0 || /[\\"`]/.test(v)) throw new Unsupported(src);
      i = end + 1;
      return { k: "lit", v };
    }
    const num = /^\d+(?![\w.])/.exec(rest);
    if (num) {
      i += num[0].length;
      return { k: "lit", v: Number(num[0]) };
    }
    const root = /^\$(data|root)\b/.exec(rest);
    const id = root ? null : IDENT.exec(rest);
    if (!root && !id) throw new Unsupported(src);
    const first = root ? root[0] : id![0];
    i += first.length;
    if (!root && ["null", "true", "false"].includes(first)) {
      if (peek(".") || peek("(")) throw new Unsupported(src);
      return { k: "lit", v: first === "null" ? null : first === "true" };
    }
    if (!root && peek("(")) {
      if (first !== "count") throw new Unsupported(src);
      take("(");
      const arg = or();
      if (!take(")")) throw new Unsupported(src);
      return { k: "count", arg };
    }
    const parts: { name: string; lower: string }[] = root ? [] : [{ name: first, lower: first.toLowerCase() }];
    while (peek(".")) {
      i++;
      const m = IDENT.exec(src.slice(i));
      if (!m) throw new Unsupported(src);
      i += m[0].length;
      parts.push({ name: m[0], lower: m[0].toLowerCase() });
    }
    if (peek("[") || peek("(")) throw new Unsupported(src);
    const text = [root ? root[0] : null, ...parts.map((p) => p.name)].filter((x) => x !== null).join(".");
    return { k: "path", head: root?.[0] === "$root" ? "$root" : "$data", parts, text };
  }
  // adaptive-expressions' precedence: == and != bind more tightly than < <= > >=, then &&, then ||.
  function equality(): Node {
    const left = primary();
    for (const op of ["==", "!="] as const)
      if (take(op)) {
        const right = primary();
        if (peek("==") || peek("!=")) throw new Unsupported(src);
        return comparison(op, left, right);
      }
    return left;
  }
  function relation(): Node {
    const left = equality();
    for (const op of ["<=", ">=", "<", ">"] as const)
      if (take(op)) {
        const right = equality();
        if (peek("<") || peek(">")) throw new Unsupported(src);
        return comparison(op, left, right);
      }
    return left;
  }
  function comparison(op: "==" | "!=" | "<" | "<=" | ">" | ">=", left: Node, right: Node): Node {
    // Compared with a literal only: then equality needs none of the engine's deep comparison.
    if (left.k !== "lit" && right.k !== "lit") throw new Unsupported(src);
    return { k: "cmp", op, left, right };
  }
  function and(): Node {
    const parts = [relation()];
    while (take("&&")) parts.push(relation());
    return parts.length === 1 ? parts[0]! : { k: "and", parts };
  }
  function or(): Node {
    const parts = [and()];
    while (take("||")) parts.push(and());
    return parts.length === 1 ? parts[0]! : { k: "or", parts };
  }
  const node = or();
  ws();
  if (i !== src.length) throw new Unsupported(src);
  return node;
}

/**
 * A node as a function. `substitute` is the engine's null substitution: on outside `$when`, and
 * turned off by comparisons, `&&` and `||` for what they evaluate. Evaluation errors are thrown as
 * ExprError, where the engine returns them.
 */
function compile(node: Node): Expr {
  switch (node.k) {
    case "lit": {
      const v = node.v;
      return () => v;
    }
    case "path": {
      const { parts, text } = node;
      const fromRoot = node.head === "$root";
      const substitution = "${" + text + "}";
      return (s, substitute) => {
        let v: unknown = fromRoot ? s.root : s.data;
        for (const p of parts) v = property(v, p.name, p.lower);
        return v !== undefined ? v : substitute ? substitution : undefined;
      };
    }
    case "count": {
      const arg = compile(node.arg);
      return (s, substitute) => {
        const v = arg(s, substitute);
        if (typeof v === "string" || Array.isArray(v)) return v.length;
        if (v instanceof Map) return v.size;
        if (typeof v === "object") {
          if (v === null) throw new ExprError("count of null");
          return Object.keys(v).length;
        }
        throw new ExprError("count of a non-container");
      };
    }
    case "cmp": {
      const left = compile(node.left);
      const right = compile(node.right);
      const op = node.op;
      const ordered = op !== "==" && op !== "!=";
      return (s) => {
        let a: unknown, b: unknown;
        try {
          a = left(s, false);
          b = right(s, false);
        } catch (e) {
          if (e instanceof ExprError) return false;
          throw e;
        }
        if (!ordered) return op === "==" ? equalsLiteral(a, b) : !equalsLiteral(a, b);
        // The ordered comparisons refuse null (false, no error) and compare only numbers with numbers, strings with strings.
        if (a == null || b == null) return false;
        if ((isNumber(a) && isNumber(b)) || (typeof a === "string" && typeof b === "string") || (a instanceof Date && b instanceof Date))
          return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
        throw new ExprError(`${String(a)} and ${String(b)} must be comparable.`, false);
      };
    }
    case "or": {
      const parts = node.parts.map(compile);
      return (s) => {
        let result: unknown = false;
        for (const p of parts) {
          try {
            result = p(s, false);
          } catch (e) {
            if (!(e instanceof ExprError)) throw e;
            result = e.value;
            continue;
          }
          if (logicTrue(result)) return true;
        }
        return result;
      };
    }
    case "and": {
      const parts = node.parts.map(compile);
      return (s) => {
        for (const p of parts) {
          try {
            if (!logicTrue(p(s, false))) return false;
          } catch (e) {
            if (!(e instanceof ExprError)) throw e;
            return false;
          }
        }
        return true;
      };
    }
  }
}

// ---- templates ----

/** A template value compiled: gives the expanded value; undefined leaves its key out, null is dropped from a list (an element with nothing to show). */
type Part = (s: Scope) => unknown;
/** Keys the engine reads and never writes. */
const RESERVED = new Set(["$data", "$when", "$root", "$index", "$host", "$_acTemplateVersion"]);

/**
 * A string: as it is, one expression (which gives its own value, not a string), or text with
 * expressions in it (a string, each part joined by its toString(); only paths, which never fail).
 */
function compileString(text: string, inWhen = false): { kind: "const"; value: string } | { kind: "expr"; expr: Expr } {
  if (!text.includes("${")) return { kind: "const", value: text };
  if (/[\\`]/.test(text)) throw new Unsupported(text);
  const pieces: (string | Node)[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("${", at);
    const literal = text.slice(at, open < 0 ? text.length : open);
    if (/[${}]/.test(literal)) throw new Unsupported(text);
    if (literal) pieces.push(literal);
    if (open < 0) break;
    const close = text.indexOf("}", open);
    const inner = close < 0 ? "{" : text.slice(open + 2, close);
    if (inner.includes("{")) throw new Unsupported(text);
    pieces.push(parseExpression(inner));
    at = close + 1;
  }
  const only = pieces.length === 1 ? pieces[0]! : null;
  if (only !== null && typeof only !== "string") return { kind: "expr", expr: compile(only) };
  // In $when the engine evaluates such text another way; no template needs it.
  if (inWhen) throw new Unsupported(text);
  const joined = pieces.map((p) => {
    if (typeof p === "string") return p;
    if (p.k !== "path") throw new Unsupported(text);
    return compile(p);
  });
  return {
    kind: "expr",
    expr: (s) => {
      let out = "";
      for (const p of joined) out += typeof p === "string" ? p : (p(s, true) as { toString(): string }).toString();
      return out;
    },
  };
}

function compileValue(node: unknown): Part {
  if (typeof node === "string") {
    const c = compileString(node);
    if (c.kind === "const") {
      const v = c.value;
      return () => v;
    }
    const expr = c.expr;
    return (s) => {
      try {
        return expr(s, true);
      } catch (e) {
        if (e instanceof ExprError) throw new Error(e.message);
        throw e;
      }
    };
  }
  if (Array.isArray(node)) {
    const items = node.map(compileValue);
    return (s) => {
      const out: unknown[] = [];
      for (const item of items) {
        const v = item(s);
        if (v === null) continue;
        if (Array.isArray(v)) for (const x of v) out.push(x);
        else out.push(v);
      }
      return out;
    };
  }
  if (typeof node === "object" && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

function compileObject(node: Record<string, unknown>): Part {
  const all = Object.keys(node);
  if (all.some((k) => RESERVED.has(k) && k !== "$data" && k !== "$when")) throw new Unsupported(all.join(","));
  const keys = all.filter((k) => !RESERVED.has(k));
  const values = keys.map((k) => compileValue(node[k]));
  const fill = (s: Scope) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!(s);
      if (v !== undefined) out[keys[i]!] = v;
    }
    return out;
  };
  // $when: an expression, shown only when it gives true; anything else truthy hides the element.
  const whenRaw = node.$when;
  let when: Expr | null = null;
  let hidden = false;
  if (typeof whenRaw === "string" && whenRaw.includes("${")) {
    const c = compileString(whenRaw, true);
    if (c.kind === "expr") when = c.expr;
  } else if (whenRaw) hidden = true;
  const shown = (s: Scope) => {
    if (hidden) return false;
    if (!when) return true;
    try {
      return when(s, false) === true;
    } catch (e) {
      if (e instanceof ExprError) return false;
      throw e;
    }
  };
  // $data: an expression; a list repeats the element for each item, anything else is its one scope.
  const dataRaw = node.$data;
  if (dataRaw === undefined) return (s) => (shown(s) ? fill(s) : null);
  if (typeof dataRaw !== "string" || !dataRaw.includes("${")) throw new Unsupported("$data");
  const data = compileValue(dataRaw);
  return (s) => {
    const d = data(s);
    const contexts = Array.isArray(d) ? d : [d];
    const out: unknown[] = [];
    let scope = s;
    for (const c of contexts) {
      // An undefined item leaves the scope as it was, the previous item's included (as the engine does).
      if (c !== undefined) scope = { root: s.root, data: c };
      if (shown(scope)) out.push(fill(scope));
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

export interface CompiledTemplate {
  expand(data: unknown): unknown;
}

/** A template payload compiled, or null when it uses templating this module does not compile. */
export function compileTemplate(payload: unknown): CompiledTemplate | null {
  let part: Part;
  try {
    part = compileValue(payload);
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  return { expand: (data: unknown) => part({ root: data, data }) };
}
