/**
 * Reads a table's column list from its `CREATE TABLE` text in `sqlite_schema` (SQLite rewrites
 * that text on `ALTER TABLE ADD COLUMN`, so it always lists every column in record order).
 */
export interface TableDef {
  name: string;
  rootPage: number;
  columns: ColumnDef[];
  /** WITHOUT ROWID tables are index b-trees; we read only rowid tables. */
  withoutRowid: boolean;
}

export interface ColumnDef {
  name: string;
  /** `INTEGER PRIMARY KEY`: an alias of the rowid, stored as NULL in the record. */
  rowidAlias: boolean;
  /** Index in the stored record, or -1 for a VIRTUAL generated column (not stored). */
  recordIndex: number;
  /** The declared DEFAULT as a value, for rows written before an ADD COLUMN. */
  defaultValue: number | string | null;
}

const CONSTRAINT = /^(constraint|primary\s+key|unique|check|foreign\s+key)\b/i;

export function parseCreateTable(name: string, rootPage: number, sql: string): TableDef {
  const open = sql.indexOf('(');
  const close = matchingParen(sql, open);
  if (open < 0 || close < 0) throw new Error(`cannot read the definition of table ${name}`);
  const columns: ColumnDef[] = [];
  const types: string[] = [];
  let tablePk: string | undefined;
  let recordIndex = 0;
  for (const part of splitTopLevel(sql.slice(open + 1, close))) {
    const def = part.trim();
    if (!def) continue;
    if (CONSTRAINT.test(def)) {
      const pk = /^(?:constraint\s+\S+\s+)?primary\s+key\s*\(([^,)]+)\)/i.exec(stripQuoted(def));
      if (pk) tablePk = firstIdentifier(def.slice(def.indexOf('(') + 1).trim())[0];
      continue;
    }
    const [colName, rest] = firstIdentifier(def);
    const upper = stripQuoted(rest).toUpperCase();
    const type = /^\s*([A-Z]+)/.exec(upper)?.[1] ?? '';
    types.push(type);
    const virtual = /\bAS\s*\(/.test(upper) && !/\bSTORED\b/.test(upper);
    const pkClause = /\bPRIMARY\s+KEY\b(.*)/.exec(upper);
    columns.push({
      name: colName,
      // SQLite's quirk: `INTEGER PRIMARY KEY DESC` is not a rowid alias.
      rowidAlias: type === 'INTEGER' && pkClause !== null && !/^\s*DESC\b/.test(pkClause[1] ?? ''),
      recordIndex: virtual ? -1 : recordIndex++,
      defaultValue: defaultOf(rest),
    });
  }
  if (tablePk !== undefined) {
    const i = columns.findIndex((c) => c.name.toLowerCase() === tablePk!.toLowerCase());
    if (i >= 0 && types[i] === 'INTEGER') columns[i]!.rowidAlias = true;
  }
  return { name, rootPage, columns, withoutRowid: /\bWITHOUT\s+ROWID\b/i.test(sql.slice(close)) };
}

function matchingParen(s: string, open: number): number {
  if (open < 0) return -1;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      i = skipQuoted(s, i);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the closing quote of the quoted run starting at `i`. */
function skipQuoted(s: string, i: number): number {
  const end = s[i] === '[' ? ']' : s[i]!;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] === end) {
      if (end !== ']' && s[j + 1] === end) j++;
      else return j;
    }
  }
  return s.length;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') i = skipQuoted(s, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function firstIdentifier(def: string): [string, string] {
  const c = def[0]!;
  if (c === '"' || c === '`' || c === '[' || c === "'") {
    const end = skipQuoted(def, 0);
    const raw = def.slice(1, end);
    return [c === '[' ? raw : raw.split(c + c).join(c), def.slice(end + 1)];
  }
  const m = /^[^\s(]+/.exec(def)!;
  return [m[0], def.slice(m[0].length)];
}

/** The definition with quoted runs blanked, so keywords inside strings are not matched. */
function stripQuoted(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const end = skipQuoted(s, i);
      out += ' '.repeat(end - i + 1);
      i = end;
    } else out += c;
  }
  return out;
}

function defaultOf(rest: string): number | string | null {
  const m = /\bDEFAULT\s+(\(?\s*)('(?:[^']|'')*'|[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?|NULL|TRUE|FALSE)/i.exec(rest);
  if (!m) return null;
  const v = m[2]!;
  if (v.startsWith("'")) return v.slice(1, -1).split("''").join("'");
  const u = v.toUpperCase();
  if (u === 'NULL') return null;
  if (u === 'TRUE') return 1;
  if (u === 'FALSE') return 0;
  return Number(v);
}
