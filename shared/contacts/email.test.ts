import { describe, expect, test } from 'vitest';
import {
  contactIdForEmail,
  contactIdForFields,
  contactIdForLinkedin,
  enrollmentId,
  randomId,
} from '../ids.ts';
import { checkEmail, isValidEmail, normalizeEmail } from './email.ts';

describe('normalizeEmail', () => {
  test('trims, lowercases and keeps plus-tags and dots', () => {
    expect(normalizeEmail('  Ann.Lee+CRM@Example.COM \t')).toBe('ann.lee+crm@example.com');
  });

  test('composes Unicode (NFC): decomposed and composed forms are one address', () => {
    const decomposed = 'zoe\u0308@example.com';
    const composed = 'zo\u00eb@example.com';
    expect(normalizeEmail(decomposed)).toBe(composed);
    expect(contactIdForEmail(normalizeEmail(decomposed))).toBe(contactIdForEmail(composed));
  });
});

describe('isValidEmail', () => {
  test.each(['a@b.co', 'first.last+tag@sub.example.com', "o'brien@example.ie", 'zoë@example.com'])(
    'accepts %s',
    (email) => expect(isValidEmail(normalizeEmail(email))).toBe(true),
  );

  test.each([
    'john.doe@',
    '@acme.com',
    'jane doe@acme.com',
    'bob@@acme.com',
    'alice@acme',
    'carol@acme..com',
    'dave(at)acme.com',
    'erin@acme.com.',
    'frank@-acme.com',
    'not an email',
    '',
  ])('rejects %j', (email) => expect(isValidEmail(normalizeEmail(email))).toBe(false));

  test('reports the reason the importer and UI show', () => {
    expect(checkEmail(' X@Y.com ')).toEqual({ ok: true, email: 'x@y.com' });
    expect(checkEmail('nope')).toMatchObject({ ok: false, reason: 'invalid email' });
  });
});

describe('deterministic ids', () => {
  test('a contact id depends only on the normalized email', () => {
    const id = contactIdForEmail('ann@example.com');
    expect(id).toBe(contactIdForEmail(normalizeEmail(' ANN@example.com')));
    expect(id).toMatch(/^c_[0-9a-f]{32}$/);
    expect(contactIdForEmail('ann+x@example.com')).not.toBe(id);
    expect(contactIdForEmail('a.nn@example.com')).not.toBe(id);
  });

  test('a contact id comes from the email, else the LinkedIn URL, else chance', () => {
    const linkedinUrl = 'https://www.linkedin.com/in/ann';
    expect(contactIdForFields({ email: 'ann@example.com', linkedinUrl })).toBe(
      contactIdForEmail('ann@example.com'),
    );
    expect(contactIdForFields({ email: null, linkedinUrl })).toBe(
      contactIdForLinkedin(linkedinUrl),
    );
    expect(contactIdForLinkedin(linkedinUrl)).not.toBe(contactIdForEmail(linkedinUrl));
    const nobody = { email: null, linkedinUrl: '' };
    expect(contactIdForFields(nobody)).not.toBe(contactIdForFields(nobody));
  });

  test('an enrollment id depends only on (campaign, contact)', () => {
    expect(enrollmentId('cp_1', 'c_2')).toBe(enrollmentId('cp_1', 'c_2'));
    expect(enrollmentId('cp_1', 'c_2')).not.toBe(enrollmentId('cp_2', 'c_1'));
  });

  test('random ids are unique and prefixed', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId('cp')));
    expect(ids.size).toBe(1000);
    expect([...ids][0]).toMatch(/^cp_[0-9a-f]{32}$/);
  });
});
