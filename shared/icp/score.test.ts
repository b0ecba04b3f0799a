import { describe, expect, test } from 'vitest';
import { emptyIcpCriteria, type IcpCriteria } from '../documents/icp.ts';
import {
  compileIcp,
  countryKey,
  inferSeniority,
  matchKey,
  parseCompanySize,
  scoreAll,
  scoreContact,
  scoreHistogram,
  scoreOnly,
  type ScoringInput,
} from './score.ts';

const blank: ScoringInput = {
  title: '',
  seniority: '',
  country: '',
  industry: '',
  companySize: '',
};
const contact = (fields: Partial<ScoringInput>): ScoringInput => ({ ...blank, ...fields });
const profile = (criteria: Partial<IcpCriteria>): IcpCriteria => ({
  ...emptyIcpCriteria(),
  ...criteria,
});
const values = (...pairs: [string, number][]) =>
  pairs.map(([value, weight]) => ({ value, weight }));

/** Score with both entry points, checking they agree. */
function score(criteria: Partial<IcpCriteria>, fields: Partial<ScoringInput>) {
  const compiled = compileIcp(profile(criteria));
  const result = scoreContact(compiled, contact(fields));
  expect(scoreOnly(compiled, contact(fields))).toBe(result.score);
  return result;
}

describe('matchKey', () => {
  test('ignores case, accents, punctuation and runs of whitespace', () => {
    expect(matchKey('  Software ')).toBe('software');
    expect(matchKey('Financial\u00a0 Services')).toBe('financial services');
    expect(matchKey('C-Level')).toBe('c level');
    expect(matchKey('España')).toBe('espana');
    expect(matchKey('Espan\u0303a')).toBe('espana');
    expect(matchKey('Straße Øst Łódź')).toBe('strasse ost lodz');
    expect(matchKey('Head of\tSales\n')).toBe('head of sales');
    expect(matchKey('Head-of  SALES!')).toBe('head of sales');
  });
});

describe('industry', () => {
  const industries = values(['Software', 3], ['Financial Services', 2]);

  test.each(['Software', 'software ', '  SOFTWARE', 'Sóftware'])('"%s" matches Software', (v) => {
    const { score: s, reasons } = score({ industries }, { industry: v });
    expect(s).toBe(100);
    expect(reasons).toEqual([
      { criterion: 'industry', value: 'Software', matched: v, weight: 3, points: 100 },
    ]);
  });

  test('a lower-weight value scores its share of the max weight', () => {
    expect(score({ industries }, { industry: 'financial  services' }).score).toBe(67);
  });

  test('is an equality, not a substring match', () => {
    expect(score({ industries }, { industry: 'Software Services' }).score).toBe(0);
    expect(score({ industries }, { industry: '' }).score).toBe(0);
  });

  test('values that normalize alike: the heaviest counts', () => {
    const dup = values(['software', 1], ['Software ', 4], ['Retail', 4]);
    expect(score({ industries: dup }, { industry: 'SOFTWARE' }).reasons[0]).toMatchObject({
      value: 'Software',
      weight: 4,
    });
  });
});

describe('country', () => {
  const countries = values(
    ['United States', 2],
    ['United Kingdom', 2],
    ['Germany', 2],
    ['Spain', 1],
    ['Brazil', 1],
  );

  test.each([
    ['USA', 'United States'],
    ['US', 'United States'],
    ['U.S.A.', 'United States'],
    ['united states of america', 'United States'],
    ['UK', 'United Kingdom'],
    ['Great Britain', 'United Kingdom'],
    ['Deutschland', 'Germany'],
    ['GERMANY ', 'Germany'],
    ['España', 'Spain'],
    ['Brasil', 'Brazil'],
  ])('"%s" is %s', (raw, expected) => {
    expect(score({ countries }, { country: raw }).reasons[0]?.value).toBe(expected);
  });

  test('aliases work in the profile too', () => {
    expect(score({ countries: values(['USA', 1]) }, { country: 'United States' }).score).toBe(100);
    expect(countryKey('Deutschland')).toBe(countryKey('germany'));
  });

  test('other countries do not match', () => {
    expect(score({ countries }, { country: 'France' }).score).toBe(0);
    expect(score({ countries }, { country: 'Usa Today' }).score).toBe(0);
  });
});

describe('title keywords', () => {
  const titleKeywords = values(['VP', 3], ['sales', 2], ['head of growth', 2]);

  test.each([
    ['VP Sales', 'VP', 3],
    ['vp, marketing', 'VP', 3],
    ['Head of Sales', 'sales', 2],
    ['SALES DIRECTOR', 'sales', 2],
    ['Head of Growth & Ops', 'head of growth', 2],
  ])('"%s" matches %s', (title, value, weight) => {
    expect(score({ titleKeywords }, { title }).reasons).toEqual([
      { criterion: 'title', value, matched: title, weight, points: Math.round((100 * weight) / 3) },
    ]);
  });

  test('only whole words or phrases', () => {
    for (const title of [
      'Salesforce Admin',
      'MVP Engineer',
      'Presales Engineer',
      'Head of Growthhacking',
    ]) {
      expect(score({ titleKeywords }, { title }).score, title).toBe(0);
    }
  });

  test('the best matching keyword counts, not the sum', () => {
    const { score: s, reasons } = score({ titleKeywords }, { title: 'VP Sales' });
    expect(s).toBe(100);
    expect(reasons).toHaveLength(1);
  });

  test('case- and accent-insensitive', () => {
    expect(
      score({ titleKeywords: values(['directeur', 1]) }, { title: 'Directéur Commercial' }).score,
    ).toBe(100);
    expect(
      score({ titleKeywords: values(['Général', 1]) }, { title: 'Directeur general' }).score,
    ).toBe(100);
  });
});

describe('parseCompanySize', () => {
  test.each([
    ['51-200', 51, 200],
    ['10000+', 10000, null],
    ['10,001+', 10001, null],
    ['1,001-5,000', 1001, 5000],
    ['1 001–5 000', 1001, 5000],
    ['1\u202f001 \u2013 5\u00a0000', 1001, 5000],
    ['10.000+', 10000, null],
    ['5000', 5000, 5000],
    [' 11 - 50 ', 11, 50],
    ['51 to 200 employees', 51, 200],
    ['1k-5k', 1000, 5000],
    ['10000 or more', 10000, null],
  ])('"%s" is %s-%s', (raw, min, max) => {
    expect(parseCompanySize(raw)).toEqual({ min, max });
  });

  test.each(['', 'Self-employed', 'big', '200-51', '1-2-3', '-5', 'n/a'])(
    '"%s" is unparsable',
    (raw) => {
      expect(parseCompanySize(raw)).toBeNull();
    },
  );
});

describe('company size', () => {
  const companySizes = [
    { min: 50, max: 500, weight: 2 },
    { min: 5000, max: null, weight: 4 },
  ];

  test.each([
    ['51-200', 50],
    ['11-50', 50],
    ['201-500', 50],
    ['501-1000', 0],
    ['1001-5000', 100],
    ['10000+', 100],
    ['1-10', 0],
    ['unknown', 0],
    ['', 0],
  ])('"%s" scores %d (overlap with a range)', (companySize, expected) => {
    expect(score({ companySizes }, { companySize }).score).toBe(expected);
  });

  test('the reason names the range as configured', () => {
    expect(score({ companySizes }, { companySize: '10000+' }).reasons).toEqual([
      { criterion: 'companySize', value: '5000+', matched: '10000+', weight: 4, points: 100 },
    ]);
    expect(score({ companySizes }, { companySize: '51-200' }).reasons[0]?.value).toBe('50-500');
  });

  test('overlapping ranges: the heaviest counts', () => {
    const overlapping = [
      { min: 0, max: 1000, weight: 1 },
      { min: 100, max: 300, weight: 3 },
    ];
    expect(score({ companySizes: overlapping }, { companySize: '201-500' }).score).toBe(100);
    expect(score({ companySizes: overlapping }, { companySize: '11-50' }).score).toBe(33);
  });
});

describe('inferSeniority', () => {
  test.each([
    ['Founder & CEO', 'C-Level'],
    ['Co-Founder', 'C-Level'],
    ['Chief Revenue Officer', 'C-Level'],
    ['CTO', 'C-Level'],
    ['cro', 'C-Level'],
    ['President', 'C-Level'],
    ['Vice President, Sales', 'VP'],
    ['VP Sales', 'VP'],
    ['SVP Marketing', 'VP'],
    ['Head of Growth', 'Director'],
    ['Directeur Commercial', 'Director'],
    ['Sales Director', 'Director'],
    ['Marketing Manager', 'Manager'],
    ['Account Executive', null],
    ['SDR', null],
    ['Procurement Lead', null],
    ['Directorate liaison', null],
    ['', null],
  ])('"%s" -> %s', (title, expected) => {
    expect(inferSeniority(title)).toBe(expected);
  });
});

describe('seniority', () => {
  const seniorities = values(['C-Level', 4], ['VP', 3], ['Director', 2]);

  test('matches the contact seniority, with common labels', () => {
    expect(score({ seniorities }, { seniority: 'vp' }).score).toBe(75);
    expect(score({ seniorities }, { seniority: 'C suite' }).score).toBe(100);
    expect(score({ seniorities }, { seniority: 'c_level' }).score).toBe(100);
    expect(score({ seniorities }, { seniority: 'Vice President' }).score).toBe(75);
    expect(score({ seniorities }, { seniority: 'Entry' }).score).toBe(0);
  });

  test('an empty seniority is inferred from the title', () => {
    expect(score({ seniorities }, { seniority: ' ', title: 'Founder & CEO' }).reasons).toEqual([
      {
        criterion: 'seniority',
        value: 'C-Level',
        matched: 'Founder & CEO',
        inferredFromTitle: true,
        weight: 4,
        points: 100,
      },
    ]);
    expect(score({ seniorities }, { title: 'Head of Growth' }).score).toBe(50);
    expect(score({ seniorities }, { title: 'SDR' }).score).toBe(0);
  });

  test('a given seniority wins over the title', () => {
    const result = score({ seniorities }, { seniority: 'Entry', title: 'CEO' });
    expect(result.score).toBe(0);
    expect(score({ seniorities }, { seniority: 'VP', title: 'CEO' }).reasons[0]).toEqual({
      criterion: 'seniority',
      value: 'VP',
      matched: 'VP',
      weight: 3,
      points: 75,
    });
  });
});

describe('the whole profile', () => {
  const full = profile({
    industries: values(['Software', 3]),
    companySizes: [{ min: 51, max: 1000, weight: 2 }],
    countries: values(['United States', 2], ['France', 1]),
    titleKeywords: values(['sales', 2]),
    seniorities: values(['VP', 1]),
  });
  const compiled = compileIcp(full);

  test('a contact matching everything scores 100, nothing 0', () => {
    const ideal = contact({
      industry: 'software',
      companySize: '51-200',
      country: 'USA',
      title: 'VP Sales',
    });
    expect(scoreContact(compiled, ideal).score).toBe(100);
    expect(scoreContact(compiled, ideal).reasons.map((r) => r.criterion)).toEqual([
      'industry',
      'companySize',
      'country',
      'title',
      'seniority',
    ]);
    expect(scoreContact(compiled, contact({ industry: 'Retail' }))).toEqual({
      score: 0,
      reasons: [],
    });
  });

  test('score is 100 * matched points / sum of max weights, rounded', () => {
    // max weights: 3 + 2 + 2 + 2 + 1 = 10
    const partial = contact({
      industry: 'Software',
      country: 'France',
      title: 'Account Executive',
    });
    expect(scoreContact(compiled, partial)).toEqual({
      score: 40,
      reasons: [
        { criterion: 'industry', value: 'Software', matched: 'Software', weight: 3, points: 30 },
        { criterion: 'country', value: 'France', matched: 'France', weight: 1, points: 10 },
      ],
    });
  });

  test('unconfigured criteria are left out, not counted as misses', () => {
    expect(score({ industries: values(['Software', 1]) }, { industry: 'Software' }).score).toBe(
      100,
    );
  });

  test('reason points add up to the score even when shares are fractional', () => {
    const thirds = profile({
      industries: values(['Software', 1]),
      countries: values(['France', 1]),
      titleKeywords: values(['sales', 1]),
    });
    const compiledThirds = compileIcp(thirds);
    const two = scoreContact(compiledThirds, contact({ industry: 'Software', country: 'France' }));
    expect(two.score).toBe(67);
    expect(two.reasons.map((r) => r.points).toSorted()).toEqual([33, 34]);
    const all = scoreContact(
      compiledThirds,
      contact({ industry: 'Software', country: 'France', title: 'Sales' }),
    );
    expect(all.reasons.map((r) => r.points)).toEqual([34, 33, 33]);
  });

  test('an empty profile scores 0 with no reasons', () => {
    const empty = compileIcp(emptyIcpCriteria());
    const anyone = contact({
      industry: 'Software',
      country: 'USA',
      title: 'CEO',
      companySize: '51-200',
    });
    expect(scoreContact(empty, anyone)).toEqual({ score: 0, reasons: [] });
    expect(scoreOnly(empty, anyone)).toBe(0);
    // Blank values are not a configuration either.
    const blanks = compileIcp(
      profile({ industries: values([' ', 3]), titleKeywords: values(['', 1]) }),
    );
    expect(scoreContact(blanks, contact({ title: 'CEO' }))).toEqual({ score: 0, reasons: [] });
  });

  test('a profile whose weights are all 0 scores 0', () => {
    const zero = compileIcp(profile({ industries: values(['Software', 0]) }));
    expect(scoreContact(zero, contact({ industry: 'Software' }))).toEqual({
      score: 0,
      reasons: [],
    });
  });
});

/** mulberry32: deterministic generated data. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES = [
  'VP Sales',
  'Head of Growth',
  'CTO',
  'Account Executive',
  'Directeur Commercial',
  'Marketing Manager',
  'Chief Revenue Officer',
  'SDR',
  'Founder & CEO',
  'Procurement Lead',
  '',
];
const COUNTRIES = [
  'United States',
  'USA',
  'France',
  'Germany',
  'Deutschland',
  'United Kingdom',
  'UK',
  'España',
  'Japan',
  'Brasil',
  '',
];
const INDUSTRIES = [
  'Software',
  'software ',
  'Financial Services',
  'Manufacturing',
  'Retail',
  'Healthcare',
  '',
];
const SIZES = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1,001-5,000',
  '5001-10000',
  '10000+',
  'n/a',
  '',
];
const SENIORITIES = ['', '', 'VP', 'Director', 'C suite', 'Entry', 'Manager'];

function generateContacts(count: number, seed = 1): ScoringInput[] {
  const rand = random(seed);
  const pick = (xs: readonly string[]) => xs[Math.floor(rand() * xs.length)] ?? '';
  return Array.from({ length: count }, () => ({
    title: pick(TITLES),
    seniority: pick(SENIORITIES),
    country: pick(COUNTRIES),
    industry: pick(INDUSTRIES),
    companySize: pick(SIZES),
  }));
}

function generateProfile(seed: number): IcpCriteria {
  const rand = random(seed);
  const weight = () => Math.round(rand() * 100) / 10;
  const some = (xs: readonly string[]) =>
    xs.filter(() => rand() < 0.3).map((value) => ({ value, weight: weight() }));
  return {
    industries: some(INDUSTRIES),
    companySizes:
      rand() < 0.3
        ? []
        : [{ min: Math.floor(rand() * 1000), max: rand() < 0.5 ? null : 2000, weight: weight() }],
    countries: some(COUNTRIES),
    titleKeywords: some(['VP', 'sales', 'growth', 'chief', 'manager']),
    seniorities: some(['C-Level', 'VP', 'Director', 'Manager']),
  };
}

describe('generated contacts', () => {
  const contacts = generateContacts(3000);

  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'scoreOnly equals scoreContact, points add up (profile %d)',
    (seed) => {
      const compiled = compileIcp(generateProfile(seed));
      const fresh = compileIcp(generateProfile(seed));
      const all = scoreAll(compiled, contacts);
      contacts.forEach((c, i) => {
        const full = scoreContact(fresh, c);
        expect(scoreOnly(compiled, c)).toBe(full.score);
        expect(all[i]).toBe(full.score);
        expect(full.score).toBeGreaterThanOrEqual(0);
        expect(full.score).toBeLessThanOrEqual(100);
        expect(Number.isInteger(full.score)).toBe(true);
        expect(full.reasons.reduce((sum, r) => sum + r.points, 0)).toBe(full.score);
      });
    },
  );
});

describe('scoreHistogram', () => {
  test('ten buckets of 10, 100 in the last', () => {
    expect(scoreHistogram([0, 9, 10, 55, 90, 99, 100])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    expect(scoreHistogram(new Uint8Array([100, 100]))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
    expect(scoreHistogram([])).toEqual(Array.from({ length: 10 }, () => 0));
  });

  test('other bucket sizes', () => {
    expect(scoreHistogram([0, 19, 20, 100], 20)).toEqual([2, 1, 0, 0, 1]);
    expect(scoreHistogram([0, 29, 30, 89, 90, 100], 30)).toEqual([2, 1, 1, 2]);
    expect(scoreHistogram([0, 100], 100)).toEqual([2]);
  });

  test('clamps out-of-range values, skips NaN, refuses bad sizes', () => {
    expect(scoreHistogram([-5, 250, Number.NaN], 50)).toEqual([1, 1]);
    expect(() => scoreHistogram([1], 0)).toThrow(RangeError);
    expect(() => scoreHistogram([1], 2.5)).toThrow(RangeError);
  });
});
