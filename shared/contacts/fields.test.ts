import { describe, expect, test } from 'vitest';
import { cleanTags, prepareContactFields } from './fields.ts';

describe('prepareContactFields', () => {
  test('trims strings and normalizes the email', () => {
    const result = prepareContactFields({ email: '  Ann@Example.COM ', firstName: ' Ann ' });
    expect(result).toMatchObject({
      ok: true,
      fields: { email: 'ann@example.com', firstName: 'Ann' },
    });
  });

  test('refuses an invalid email with a message naming it', () => {
    expect(prepareContactFields({ email: 'bob@@acme.com' })).toEqual({
      ok: false,
      problems: [{ field: 'email', message: '"bob@@acme.com" is not a valid email address' }],
    });
  });

  test('needs an email or a LinkedIn URL', () => {
    expect(prepareContactFields({ firstName: 'Nobody' })).toMatchObject({
      ok: false,
      problems: [{ field: 'contact' }],
    });
    expect(
      prepareContactFields({ email: '', linkedinUrl: 'https://www.linkedin.com/in/x' }),
    ).toMatchObject({ ok: true, fields: { email: null } });
  });

  test('enforces the schema limits', () => {
    const result = prepareContactFields({ email: 'a@b.co', firstName: 'x'.repeat(201) });
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'firstName' }] });
  });

  test('cleans tags: trimmed, no empties, unique regardless of case', () => {
    expect(cleanTags([' VIP ', 'vip', '', 'Lead', 'lead '])).toEqual(['VIP', 'Lead']);
  });
});
