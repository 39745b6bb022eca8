import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from './sql-statements';

describe('splitSqlStatements', () => {
  it('splits on semicolons and drops empty or comment-only statements', () => {
    const sql = '-- header\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\n;  -- trailing\nSELECT 1;\n/* only a comment */;';
    expect(splitSqlStatements(sql)).toEqual(['-- header\nCREATE TABLE a (x UInt8) ENGINE = Memory', '-- trailing\nSELECT 1']);
  });

  it('keeps semicolons inside strings, identifiers and comments', () => {
    const sql = "SELECT 'a;b', `c;d`, \"e;f\" -- g;h\n/* i;j */ FROM t; SELECT 'it''s; fine', 'back\\'slash;'";
    expect(splitSqlStatements(sql)).toEqual(['SELECT \'a;b\', `c;d`, "e;f" -- g;h\n/* i;j */ FROM t', "SELECT 'it''s; fine', 'back\\'slash;'"]);
  });

  it('accepts a last statement without a semicolon', () => {
    expect(splitSqlStatements('SELECT 1')).toEqual(['SELECT 1']);
    expect(splitSqlStatements('   \n-- nothing\n')).toEqual([]);
  });
});
