import { describe, expect, it } from 'vitest';
import {
  normalizeCountry,
  normalizeLinkedinUrl,
  normalizePhone,
  normalizeUrl,
} from '../../../shared/contacts/normalize.ts';
import { contactIdForEmail, contactIdForLinkedin } from '../../../shared/ids.ts';
import { contactsToCsv } from '../contacts/export-csv.ts';
import { CsvRecordReader } from './csv.ts';
import { autoMap } from './mapping.ts';
import { rowToContact, unneutralize } from './rows.ts';

const headers = ['Email', 'First Name', 'LinkedIn URL', 'Tags', 'Notes', 'Record ID', 'Phone'];
const mapping = autoMap(headers);

describe('rowToContact', () => {
  it('normalizes and trims, with the email as identity', () => {
    const row = rowToContact(headers, mapping, [
      '  Ann.Lee+crm@Acme.COM ',
      ' Ann ',
      'linkedin.com/in/ann/?utm=x',
      'vip; q3;VIP',
      '',
      '123',
      '0033 6 12  34',
    ]);
    expect(row).toEqual({
      ok: true,
      id: contactIdForEmail('ann.lee+crm@acme.com'),
      fields: expect.objectContaining({
        email: 'ann.lee+crm@acme.com',
        firstName: 'Ann',
        linkedinUrl: 'https://www.linkedin.com/in/ann',
        tags: ['vip', 'q3'],
        phone: '+33 6 12 34',
        custom: { 'Record ID': '123' },
      }),
    });
  });

  it('rejects with the reason of make-contacts-csv.mjs', () => {
    for (const bad of ['john.doe@', 'alice@acme', 'carol@acme..com', 'erin@acme.com.', 'a b@c.de'])
      expect(rowToContact(headers, mapping, [bad, 'A', 'https://linkedin.com/in/a'])).toEqual({
        ok: false,
        reason: 'invalid email',
      });
    expect(rowToContact(headers, mapping, ['', 'No one', ''])).toEqual({
      ok: false,
      reason: 'no identity',
    });
    expect(rowToContact(headers, mapping, ['a@b.co', 'x'.repeat(201)])).toEqual({
      ok: false,
      reason: 'value too long',
    });
  });

  it('knows a LinkedIn-only contact by its URL, the same however it is spelled', () => {
    const a = rowToContact(headers, mapping, ['', 'A', 'https://www.linkedin.com/in/a-b-1/']);
    const b = rowToContact(headers, mapping, ['', 'A', 'http://linkedin.com/in/a-b-1']);
    expect(a.ok && b.ok && a.id === b.id).toBe(true);
    expect(a.ok && a.id).toBe(contactIdForLinkedin('https://www.linkedin.com/in/a-b-1'));
  });

  it('keeps script, HTML and formulas as text, and undoes the export apostrophe', () => {
    const row = rowToContact(headers, mapping, [
      'x@y.co',
      '<script>alert(1)</script>',
      '',
      '',
      '\'=HYPERLINK("http://evil.example","click")',
    ]);
    expect(row.ok && row.fields.firstName).toBe('<script>alert(1)</script>');
    expect(row.ok && row.fields.notes).toBe('=HYPERLINK("http://evil.example","click")');
    expect(unneutralize("'hello")).toBe("'hello");
    expect(unneutralize("'+1 555")).toBe('+1 555');
  });

  it('reads back what our own export wrote', () => {
    const contact = {
      email: 'ann@acme.com',
      firstName: '=1+1',
      lastName: 'Lee, "Jr"',
      company: '-Acme',
      title: '@cto',
      seniority: '',
      phone: '+1 555 0100',
      country: 'France',
      industry: '',
      companySize: '51-200',
      website: 'https://acme.com',
      linkedinUrl: '',
      notes: 'two\nlines',
      tags: ['vip', 'q3'],
      custom: { 'Record ID': '=7' },
    };
    const reader = new CsvRecordReader(',', '\r\n');
    const [header, record] = [...reader.push(contactsToCsv([contact])), ...reader.end()];
    const row = rowToContact(header!.values, autoMap(header!.values), record!.values);
    expect(row.ok && row.fields).toMatchObject(contact);
  });
});

describe('normalization', () => {
  it('leaves what it cannot read alone', () => {
    expect(normalizeUrl('acme.com/about')).toBe('https://acme.com/about');
    expect(normalizeUrl('HTTPS://WWW.Acme.com/A')).toBe('https://www.acme.com/A');
    expect(normalizeUrl('not a url')).toBe('not a url');
    expect(normalizeLinkedinUrl('https://fr.linkedin.com/in/ann')).toBe(
      'https://www.linkedin.com/in/ann',
    );
    expect(normalizeCountry(' deutschland ')).toBe('Germany');
    expect(normalizeCountry('Atlantis')).toBe('Atlantis');
    expect(normalizePhone(' +33  6 12 ')).toBe('+33 6 12');
  });
});
