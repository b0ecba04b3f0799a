import { describe, expect, it } from 'vitest';
import { toSqlitePlaceholders } from './sqlite.ts';

describe('toSqlitePlaceholders', () => {
  it('numbers $n placeholders for SQLite', () => {
    expect(toSqlitePlaceholders('SELECT * FROM t WHERE b = $2 AND a = $1')).toBe(
      'SELECT * FROM t WHERE b = ?2 AND a = ?1',
    );
  });

  it('leaves literals, quoted identifiers and comments alone', () => {
    const sql = `SELECT '$1', "$2", $3 -- $4\n, /* $5 */ $6 FROM t WHERE x = 'it''s $7'`;
    expect(toSqlitePlaceholders(sql)).toBe(
      `SELECT '$1', "$2", ?3 -- $4\n, /* $5 */ ?6 FROM t WHERE x = 'it''s $7'`,
    );
  });
});
