import { describe, expect, it } from 'vitest';
import { autoMap, fieldForHeader, headerSetKey, mappingProblem, REASON_HEADER } from './mapping.ts';

describe('header aliases', () => {
  it.each([
    ['E-mail', 'email'],
    ['E-Mail-Adresse', 'email'],
    ['Email Address', 'email'],
    ['Adresse e-mail', 'email'],
    ['Correo electrónico', 'email'],
    ['Person Linkedin Url', 'linkedinUrl'],
    ['profile_url', 'linkedinUrl'],
    ['LinkedIn-Profil', 'linkedinUrl'],
    ['Prénom', 'firstName'],
    ['Vorname', 'firstName'],
    ['Nombre', 'firstName'],
    ['Nom', 'lastName'],
    ['Nachname', 'lastName'],
    ['Company Name', 'company'],
    ['Société', 'company'],
    ['Account Name', 'company'],
    ['Job Title', 'title'],
    ['Fonction', 'title'],
    ['Work Direct Phone', 'phone'],
    ['Téléphone', 'phone'],
    ['Country/Region', 'country'],
    ['# Employees', 'companySize'],
    ['Effectif', 'companySize'],
    ['Website URL', 'website'],
    ['Webseite', 'website'],
    ['Remarques', 'notes'],
    ['Tags', 'tags'],
  ])('%s -> %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('knows nothing of other columns', () => {
    expect(fieldForHeader('Record ID')).toBeNull();
    expect(fieldForHeader('Email Status')).toBeNull();
  });
});

describe('autoMap', () => {
  it('maps the first column of a field, keeps the rest as custom fields, skips our reason', () => {
    expect(autoMap(['Email', 'First Name', 'Record ID', 'E-mail', REASON_HEADER])).toEqual([
      'email',
      'firstName',
      'custom',
      'custom',
      'skip',
    ]);
  });

  it('says when contacts could not be identified, or two columns fight for a field', () => {
    expect(mappingProblem(['firstName', 'custom'])).toMatch(/Email or LinkedIn/);
    expect(mappingProblem(['email', 'email'])).toMatch(/Two columns/);
    expect(mappingProblem(['linkedinUrl', 'custom', 'custom', 'skip'])).toBeNull();
  });

  it('keys a header set regardless of case and accents, in column order', () => {
    expect(headerSetKey(['Prénom', 'E-mail'])).toBe(headerSetKey(['prenom', 'EMAIL']));
    expect(headerSetKey(['a', 'b'])).not.toBe(headerSetKey(['b', 'a']));
  });
});
