/**
 * ICP scoring: how well a contact fits the ideal customer profile, 0-100, with the reasons.
 *
 * The rule:
 * - Each of the five criteria (industry, company size, country, title keywords, seniority) that
 *   has at least one value configured can contribute up to its max weight, the largest weight
 *   among its values. Criteria with nothing configured are left out of the score entirely.
 * - Per criterion only the best matching value counts (the largest weight among the values that
 *   match), never the sum of several.
 * - score = round(100 * sum(points of matched criteria) / sum(max weight of configured criteria)).
 *   An empty profile (or one whose weights are all 0) scores every contact 0 with no reasons.
 * - Industry, country and seniority match when equal after `matchKey`: case-, accent- (NFKD, marks
 *   stripped) and punctuation/whitespace-insensitive. Countries also go through COUNTRY_ALIASES
 *   (USA -> United States, Deutschland -> Germany, ...), seniorities through SENIORITY_ALIASES
 *   (C suite -> C-Level, Vice President -> VP, ...).
 * - A title keyword matches as a whole word or phrase of the title: "VP" matches "VP Sales",
 *   "sales" matches "Head of Sales" but not "Salesforce".
 * - Company size: the contact's text ("51-200", "10000+", "1,001-5,000", "1 001–5 000", "5000")
 *   is parsed into a range, which matches a configured range when the two overlap. Unparsable
 *   text matches nothing.
 * - Seniority: a contact with an empty seniority gets one inferred from its title
 *   (`inferSeniority`), and that is matched instead.
 *
 * Scores are derived, never stored in replicated documents: the profile is small and
 * compiling it is cheap, so every device recomputes them (client/src/icp/scoring.ts). A compiled
 * profile memoizes the match of each distinct contact value (exports repeat a handful of
 * industries, countries and sizes), which is what makes 100,000 contacts take milliseconds.
 */
import type { Contact } from '../documents/contact.ts';
import type { IcpCriteria, WeightedValue } from '../documents/icp.ts';

/** The only contact fields scoring reads. */
export type ScoringInput = Pick<
  Contact,
  'title' | 'seniority' | 'country' | 'industry' | 'companySize'
>;
export type Criterion = 'industry' | 'companySize' | 'country' | 'title' | 'seniority';

export type Reason = {
  criterion: Criterion;
  /** The profile's value that matched, as configured ("Software", "51-200", "VP"). */
  value: string;
  /** The contact's text it matched ("software ", "USA", "VP, Sales"). */
  matched: string;
  /** Set on a seniority reason when the contact had none and it was inferred from `matched`. */
  inferredFromTitle?: true;
  /** The matched value's weight in the profile. */
  weight: number;
  /** Score points it contributed; the points of all reasons add up to the score exactly. */
  points: number;
};
export type IcpScore = { score: number; reasons: Reason[] };

/** Returned by a matcher: index of the best matching value, or one of these. */
const NO_MATCH = -1;
/** Seniority only: the contact has none, look at its title instead. */
const BLANK = -2;
/** Memo entries per criterion before it starts over: 100,000 distinct titles still fit. */
const MEMO_LIMIT = 1 << 17;

type CompiledCriterion = {
  readonly labels: readonly string[];
  readonly weights: readonly number[];
  readonly match: (raw: string) => number;
  /** Contact text -> match result: real data repeats a few values, so most lookups are hits. */
  readonly memo: Map<string, number>;
};

export type CompiledIcp = {
  /** Sum of the max weight of each configured criterion; 0 means nothing can score. */
  readonly total: number;
  readonly industry: CompiledCriterion | null;
  readonly companySize: CompiledCriterion | null;
  readonly country: CompiledCriterion | null;
  readonly title: CompiledCriterion | null;
  readonly seniority: CompiledCriterion | null;
  /** Title -> match of the seniority inferred from it; set whenever `seniority` is. */
  readonly inferredSeniority: CompiledCriterion | null;
};

const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  đ: 'd',
};

/** Lowercase, accents stripped, runs of anything but letters and digits turned into one space. */
export function matchKey(text: string): string {
  // Most exports are plain ASCII: skip Unicode normalization for them (same result, 3x faster).
  if (PRINTABLE_ASCII.test(text)) {
    return text.toLowerCase().replace(ASCII_NON_WORD, ' ').trim();
  }
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßøłæœđ]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_NON_WORD = /[^a-z0-9]+/g;

/** " head of sales ": a title's match key padded so whole words are found with `includes`. */
function titleWords(title: string): string {
  // Title keywords and seniority inference read the same title one after the other.
  if (title !== lastTitle) {
    lastTitle = title;
    lastTitleWords = ` ${matchKey(title)} `;
  }
  return lastTitleWords;
}
let lastTitle = '';
let lastTitleWords = '  ';

/** `{ canonical: 'alias|alias' }` -> alias -> canonical, all as match keys. */
function aliasTable(groups: Record<string, string>): Map<string, string> {
  const table = new Map<string, string>();
  for (const [canonical, aliases] of Object.entries(groups)) {
    for (const alias of aliases.split('|')) table.set(alias, canonical);
  }
  return table;
}

/** Names and codes exports use for the same country. */
const COUNTRY_ALIASES = aliasTable({
  'united states':
    'usa|us|u s|u s a|united states of america|america|etats unis|estados unidos|vereinigte staaten',
  'united kingdom':
    'uk|u k|gb|great britain|britain|england|royaume uni|reino unido|vereinigtes konigreich',
  germany: 'de|deutschland|allemagne|alemania',
  france: 'fr|frankreich|francia',
  spain: 'es|espana|espagne|spanien',
  brazil: 'br|brasil|bresil',
  netherlands: 'nl|the netherlands|holland|nederland|pays bas',
  switzerland: 'ch|schweiz|suisse|svizzera',
  austria: 'at|osterreich|autriche',
  italy: 'it|italia|italie',
  belgium: 'be|belgique|belgie',
  japan: 'jp|japon|nippon',
  india: 'in|inde|indien',
  mexico: 'mx|mexique',
  canada: 'ca',
});

/** Seniority labels of the common exports (Apollo's "C suite", "founder", ...). */
const SENIORITY_ALIASES = aliasTable({
  'c level': 'c suite|csuite|clevel|cxo|c level executive|chief|founder|owner',
  vp: 'vice president|svp|evp',
  director: 'directeur|directrice|directora|direktor|head|head of',
  manager: 'mgr',
});

/** Match key of a country with aliases resolved: "U.S.A." and "United States" give one key. */
export function countryKey(text: string): string {
  const key = matchKey(text);
  return COUNTRY_ALIASES.get(key) ?? key;
}

function seniorityKey(text: string): string {
  const key = matchKey(text);
  return SENIORITY_ALIASES.get(key) ?? key;
}

export type InferredSeniority = 'C-Level' | 'VP' | 'Director' | 'Manager';

/**
 * Seniority from a job title, first rule that matches (whole words, case/accent-insensitive):
 * - C-Level: chief, CEO, CTO, CRO, CFO, COO, CMO, CIO, CISO, CPO, founder, owner, president
 *   (not "vice president"), C-level, C-suite
 * - VP: VP, SVP, EVP, vice president
 * - Director: director, directeur/directrice/directora, direktor, head
 * - Manager: manager, mgr
 * Anything else: null.
 */
export function inferSeniority(title: string): InferredSeniority | null {
  const words = titleWords(title);
  if (C_LEVEL.test(words)) return 'C-Level';
  if (VP.test(words)) return 'VP';
  if (DIRECTOR.test(words)) return 'Director';
  if (MANAGER.test(words)) return 'Manager';
  return null;
}
const C_LEVEL =
  / (?:chief|ceo|cto|cro|cfo|coo|cmo|cio|ciso|cpo|cofounder|founder|owner|c level|c suite) |(?<! vice) president /;
const VP = / (?:vp|svp|evp|vice president) /;
const DIRECTOR = / (?:director|directeur|directrice|directora|direktor|head) /;
const MANAGER = / (?:manager|mgr) /;

export type SizeRangeValue = { min: number; max: number | null };

const SIZE_PATTERN =
  /^(\d+) ?(k?) ?(?:(\+|or more|and more)|(?:-|to|bis|a) ?(\d+) ?(k?))? ?(?:employees?|salaries|mitarbeiter)?$/;

/**
 * A company-size text as exports write it, as a range: "51-200", "10000+" (no upper bound),
 * "1,001-5,000", "1 001–5 000", "10.000+", "5000", "1k-5k", "51 to 200 employees". Null when
 * it is none of these, or when its bounds are reversed.
 */
export function parseCompanySize(text: string): SizeRangeValue | null {
  const normalized = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    // Thousands separators: "1,001", "1.001", "1 001" (also no-break and thin spaces), "1'001".
    .replace(/(\d)[,.'\s](?=\d{3}(?!\d))/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  const m = SIZE_PATTERN.exec(normalized);
  if (!m) return null;
  const min = Number(m[1]) * (m[2] ? 1000 : 1);
  if (m[3]) return { min, max: null };
  if (m[4] === undefined) return { min, max: min };
  const max = Number(m[4]) * (m[5] ? 1000 : 1);
  return min <= max ? { min, max } : null;
}

function overlaps(a: SizeRangeValue, b: SizeRangeValue): boolean {
  return a.min <= (b.max ?? Infinity) && b.min <= (a.max ?? Infinity);
}

export function formatSizeRange(range: SizeRangeValue): string {
  return range.max === null ? `${range.min}+` : `${range.min}-${range.max}`;
}

/** Indexes of `weights`, largest weight first, ties in configured order. */
function byWeight(weights: readonly number[]): number[] {
  return weights.map((_, i) => i).toSorted((a, b) => (weights[b] ?? 0) - (weights[a] ?? 0));
}

function compiledCriterion(
  labels: string[],
  weights: number[],
  match: (raw: string) => number,
): CompiledCriterion | null {
  return labels.length === 0 ? null : { labels, weights, match, memo: new Map() };
}

/** For exact-key criteria: key -> index of the heaviest value with that key. */
function keyIndex(values: readonly WeightedValue[], key: (s: string) => string) {
  const index = new Map<string, number>();
  values.forEach(({ value, weight }, i) => {
    const k = key(value);
    const best = index.get(k);
    if (best === undefined || weight > (values[best]?.weight ?? 0)) index.set(k, i);
  });
  return index;
}

function configured(values: readonly WeightedValue[]) {
  return values.filter((v) => matchKey(v.value) !== '');
}

/** Normalizes the profile once, so scoring a contact never re-normalizes the criteria. */
export function compileIcp(criteria: IcpCriteria): CompiledIcp {
  const industries = configured(criteria.industries);
  const industryKeys = keyIndex(industries, matchKey);
  const industry = compiledCriterion(
    industries.map((v) => v.value.trim()),
    industries.map((v) => v.weight),
    (raw) => industryKeys.get(matchKey(raw)) ?? NO_MATCH,
  );

  const sizes = criteria.companySizes;
  const sizeOrder = byWeight(sizes.map((s) => s.weight));
  const companySize = compiledCriterion(
    sizes.map(formatSizeRange),
    sizes.map((s) => s.weight),
    (raw) => {
      const range = parseCompanySize(raw);
      if (range)
        for (const i of sizeOrder) if (overlaps(range, sizes[i] as SizeRangeValue)) return i;
      return NO_MATCH;
    },
  );

  const countries = configured(criteria.countries);
  const countryKeys = keyIndex(countries, countryKey);
  const country = compiledCriterion(
    countries.map((v) => v.value.trim()),
    countries.map((v) => v.weight),
    (raw) => countryKeys.get(countryKey(raw)) ?? NO_MATCH,
  );

  const keywords = configured(criteria.titleKeywords);
  const padded = keywords.map((v) => ` ${matchKey(v.value)} `);
  const keywordOrder = byWeight(keywords.map((v) => v.weight));
  const title = compiledCriterion(
    keywords.map((v) => v.value.trim()),
    keywords.map((v) => v.weight),
    (raw) => {
      const words = titleWords(raw);
      for (const i of keywordOrder) if (words.includes(padded[i] as string)) return i;
      return NO_MATCH;
    },
  );

  const seniorities = configured(criteria.seniorities);
  const seniorityKeys = keyIndex(seniorities, seniorityKey);
  const seniorityLabels = seniorities.map((v) => v.value.trim());
  const seniorityWeights = seniorities.map((v) => v.weight);
  const seniority = compiledCriterion(seniorityLabels, seniorityWeights, (raw) => {
    const key = seniorityKey(raw);
    return key === '' ? BLANK : (seniorityKeys.get(key) ?? NO_MATCH);
  });
  const inferredSeniority = compiledCriterion(seniorityLabels, seniorityWeights, (jobTitle) => {
    const level = inferSeniority(jobTitle);
    return level === null ? NO_MATCH : (seniorityKeys.get(seniorityKey(level)) ?? NO_MATCH);
  });

  let total = 0;
  for (const c of [industry, companySize, country, title, seniority]) {
    if (c) total += Math.max(0, ...c.weights);
  }
  return { total, industry, companySize, country, title, seniority, inferredSeniority };
}

function lookup(c: CompiledCriterion, raw: string): number {
  let result = c.memo.get(raw);
  if (result === undefined) {
    result = c.match(raw);
    if (c.memo.size >= MEMO_LIMIT) c.memo.clear();
    c.memo.set(raw, result);
  }
  return result;
}

/** The score alone, allocation-free once each distinct contact value has been seen. */
export function scoreOnly(compiled: CompiledIcp, contact: ScoringInput): number {
  if (compiled.total <= 0) return 0;
  const { industry, companySize, country, title } = compiled;
  let sum = 0;
  let i: number;
  if (industry && (i = lookup(industry, contact.industry)) >= 0) sum += industry.weights[i] ?? 0;
  if (companySize && (i = lookup(companySize, contact.companySize)) >= 0) {
    sum += companySize.weights[i] ?? 0;
  }
  if (country && (i = lookup(country, contact.country)) >= 0) sum += country.weights[i] ?? 0;
  if (title && (i = lookup(title, contact.title)) >= 0) sum += title.weights[i] ?? 0;
  if (compiled.seniority && (i = seniorityMatch(compiled, contact)) >= 0) {
    sum += compiled.seniority.weights[i] ?? 0;
  }
  return Math.round((100 * sum) / compiled.total);
}

/** Index of the matched seniority value, from the contact's seniority or else its title. */
function seniorityMatch(compiled: CompiledIcp, contact: ScoringInput): number {
  const direct = lookup(compiled.seniority as CompiledCriterion, contact.seniority);
  if (direct !== BLANK) return direct;
  return lookup(compiled.inferredSeniority as CompiledCriterion, contact.title);
}

/** The score with the reasons behind it; `score` always equals `scoreOnly`. */
export function scoreContact(compiled: CompiledIcp, contact: ScoringInput): IcpScore {
  if (compiled.total <= 0) return { score: 0, reasons: [] };
  const reasons: Reason[] = [];
  const add = (kind: Criterion, c: CompiledCriterion | null, matched: string): Reason | null => {
    const i = c ? lookup(c, matched) : NO_MATCH;
    if (!c || i < 0) return null;
    const reason = {
      criterion: kind,
      value: c.labels[i] ?? '',
      matched,
      weight: c.weights[i] ?? 0,
      points: 0,
    };
    reasons.push(reason);
    return reason;
  };
  add('industry', compiled.industry, contact.industry);
  add('companySize', compiled.companySize, contact.companySize);
  add('country', compiled.country, contact.country);
  add('title', compiled.title, contact.title);
  if (compiled.seniority && lookup(compiled.seniority, contact.seniority) === BLANK) {
    const reason = add('seniority', compiled.inferredSeniority, contact.title);
    if (reason) reason.inferredFromTitle = true;
  } else {
    add('seniority', compiled.seniority, contact.seniority);
  }
  // Summed in scoreOnly's order, so both round the very same number.
  let sum = 0;
  for (const r of reasons) sum += r.weight;
  const score = Math.round((100 * sum) / compiled.total);
  apportion(reasons, score, compiled.total);
  return { score, reasons };
}

/** Integer points per reason that add up to `score` exactly (largest remainder method). */
function apportion(reasons: Reason[], score: number, total: number): void {
  const exact = reasons.map((r) => (100 * r.weight) / total);
  let left = score;
  reasons.forEach((r, i) => {
    r.points = Math.floor(exact[i] ?? 0);
    left -= r.points;
  });
  // Largest fractional part first; `left` is within [0, reasons.length] but for float noise.
  const order = byWeight(exact.map((e) => e - Math.floor(e))).map((i) => reasons[i] as Reason);
  for (let k = 0; left > 0; k++, left--) (order[k % order.length] as Reason).points += 1;
  for (let k = order.length - 1; left < 0 && k >= 0; k--) {
    const r = order[k] as Reason;
    if (r.points > 0) {
      r.points -= 1;
      left += 1;
    }
  }
}

/** Scores in input order, one byte each (scores are 0-100). */
export function scoreAll(compiled: CompiledIcp, contacts: ArrayLike<ScoringInput>): Uint8Array {
  const scores = new Uint8Array(contacts.length);
  for (let i = 0; i < contacts.length; i++) {
    scores[i] = scoreOnly(compiled, contacts[i] as ScoringInput);
  }
  return scores;
}

/**
 * Counts per score bucket: with the default size 10, ten buckets 0-9, 10-19, ..., 90-100 (100
 * goes in the last one). Values outside 0-100 are clamped; NaN is skipped.
 */
export function scoreHistogram(scores: ArrayLike<number>, bucketSize = 10): number[] {
  if (!Number.isInteger(bucketSize) || bucketSize < 1 || bucketSize > 100) {
    throw new RangeError(`bucket size must be an integer from 1 to 100, got ${bucketSize}`);
  }
  const buckets = Math.ceil(100 / bucketSize);
  const counts = Array.from({ length: buckets }, () => 0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (Number.isNaN(s)) continue;
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(s / bucketSize)));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return counts;
}
