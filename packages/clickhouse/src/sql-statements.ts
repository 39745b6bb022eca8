/**
 * Splits a migration file into statements. ClickHouse's HTTP interface runs one statement per
 * request, so every `;` outside quotes, backticks and comments ends a statement. Statements that
 * hold only comments are dropped.
 */
export function splitSqlStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let hasCode = false;
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      current += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      const stop = endOfQuoted(sql, i, ch);
      current += sql.slice(i, stop);
      hasCode = true;
      i = stop;
      continue;
    }
    if (ch === ';') {
      if (hasCode) statements.push(current.trim());
      current = '';
      hasCode = false;
      i += 1;
      continue;
    }
    if (!/\s/.test(ch)) hasCode = true;
    current += ch;
    i += 1;
  }
  if (hasCode) statements.push(current.trim());
  return statements;
}

/** Index just past the closing quote; a backslash escapes, and so does a doubled quote. */
function endOfQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i += 1;
  }
  return sql.length;
}
