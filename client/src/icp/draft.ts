/**
 * The ICP page's form state: the profile being edited (the draft) next to the saved one, and
 * every edit as a pure reducer action, with the validation messages people see.
 */
import {
  emptyIcpCriteria,
  type IcpCriteria,
  type SizeRange,
  type WeightedValue,
} from '../../../shared/documents/icp.ts';
import { countryKey, formatSizeRange, matchKey } from '../../../shared/icp/score.ts';

/** The criteria that are lists of words. */
export type ValueList = 'industries' | 'countries' | 'titleKeywords' | 'seniorities';
export type CriterionList = ValueList | 'companySizes';

export const DEFAULT_WEIGHT = 5;
export const MAX_WEIGHT = 10;
export const SENIORITY_LEVELS = ['C-Level', 'VP', 'Director', 'Manager'] as const;

/** How each list is named in messages: "industry", "country", ... */
export const NOUNS: Record<CriterionList, string> = {
  industries: 'industry',
  countries: 'country',
  titleKeywords: 'title keyword',
  seniorities: 'seniority',
  companySizes: 'size range',
};

/** Largest list each criterion accepts: icpCriteriaSchema's limits (draft.test.ts checks). */
export const LIMITS: Record<CriterionList, number> = {
  industries: 100,
  countries: 250,
  titleKeywords: 100,
  seniorities: 20,
  companySizes: 20,
};
/** weightedValueSchema's limit on a value. */
export const MAX_VALUE_LENGTH = 200;

export type DraftState = {
  saved: IcpCriteria;
  draft: IcpCriteria;
  /** The saved profile was changed elsewhere (another tab or device) under unsaved edits. */
  outdated: boolean;
};

export type DraftAction =
  | { type: 'add'; list: ValueList; value: string; weight?: number }
  | { type: 'addSize'; min: number; max: number | null; weight?: number }
  | { type: 'weight'; list: CriterionList; index: number; weight: number }
  | { type: 'remove'; list: CriterionList; index: number }
  /** The saved profile as stored now (a save here, another tab, another device). */
  | { type: 'saved'; criteria: IcpCriteria }
  /** This form's own save of `criteria` went through. */
  | { type: 'committed'; criteria: IcpCriteria }
  | { type: 'discard' };

export function initialDraft(saved: IcpCriteria = emptyIcpCriteria()): DraftState {
  return { saved, draft: saved, outdated: false };
}

export function draftReducer(state: DraftState, action: DraftAction): DraftState {
  const { draft } = state;
  switch (action.type) {
    case 'add': {
      const item = { value: action.value.trim(), weight: action.weight ?? DEFAULT_WEIGHT };
      return { ...state, draft: { ...draft, [action.list]: [...draft[action.list], item] } };
    }
    case 'addSize': {
      const item = { min: action.min, max: action.max, weight: action.weight ?? DEFAULT_WEIGHT };
      return { ...state, draft: { ...draft, companySizes: [...draft.companySizes, item] } };
    }
    case 'weight': {
      const weight = clampWeight(action.weight);
      const list = (draft[action.list] as (WeightedValue | SizeRange)[]).map((item, i) =>
        i === action.index ? { ...item, weight } : item,
      );
      return { ...state, draft: { ...draft, [action.list]: list } };
    }
    case 'remove': {
      const list = (draft[action.list] as unknown[]).filter((_, i) => i !== action.index);
      return { ...state, draft: { ...draft, [action.list]: list } };
    }
    case 'saved': {
      if (sameCriteria(action.criteria, state.saved)) return state;
      // A clean form follows the saved profile; unsaved edits are kept until saved or discarded.
      if (!isDirty(state)) return initialDraft(action.criteria);
      return { saved: action.criteria, draft, outdated: !sameCriteria(draft, action.criteria) };
    }
    case 'committed':
      // Edits made while the save was under way stay unsaved, and are not someone else's.
      return { saved: action.criteria, draft, outdated: false };
    case 'discard':
      return initialDraft(state.saved);
  }
}

export function clampWeight(weight: number): number {
  if (!Number.isFinite(weight)) return 0;
  return Math.min(MAX_WEIGHT, Math.max(0, Math.round(weight)));
}

/** Equal profiles, whatever the order of keys in the objects (documents come back reordered). */
export function sameCriteria(a: IcpCriteria, b: IcpCriteria): boolean {
  return canonical(a) === canonical(b);
}

const words = (list: readonly WeightedValue[]) => list.map((v) => [v.value, v.weight]);

function canonical(c: IcpCriteria): string {
  return JSON.stringify([
    words(c.industries),
    c.companySizes.map((s) => [s.min, s.max, s.weight]),
    words(c.countries),
    words(c.titleKeywords),
    words(c.seniorities),
  ]);
}

export function isDirty(state: DraftState): boolean {
  return !sameCriteria(state.draft, state.saved);
}

export function isEmptyProfile(criteria: IcpCriteria): boolean {
  return Object.values(criteria).every((list: unknown[]) => list.length === 0);
}

/** Why a value cannot be added to a list, in words; null when it can. */
export function checkNewValue(criteria: IcpCriteria, list: ValueList, raw: string): string | null {
  const value = raw.trim();
  const noun = NOUNS[list];
  if (matchKey(value) === '') {
    return value === ''
      ? `Type ${withArticle(noun)} first.`
      : `“${value}” has no letters or digits.`;
  }
  if (value.length > MAX_VALUE_LENGTH) {
    return `${capitalize(withArticle(noun))} can have at most ${MAX_VALUE_LENGTH} characters.`;
  }
  const key = list === 'countries' ? countryKey : matchKey;
  const existing = criteria[list].find((item) => key(item.value) === key(value));
  if (existing) {
    return existing.value.trim() === value
      ? `“${value}” is already in the profile.`
      : `“${value}” is the same as “${existing.value}”, already in the profile.`;
  }
  if (criteria[list].length >= LIMITS[list]) {
    return `A profile can have at most ${LIMITS[list]} ${plural(noun)}.`;
  }
  return null;
}

export type SizeInput =
  { ok: true; min: number; max: number | null } | { ok: false; message: string };

/** The "min" and "max employees" fields of a new size range; an empty max means no upper bound. */
export function parseSizeInput(criteria: IcpCriteria, minText: string, maxText: string): SizeInput {
  const min = wholeNumber(minText);
  const max = maxText.trim() === '' ? null : wholeNumber(maxText);
  if (min === undefined) {
    return { ok: false, message: 'Minimum employees must be a whole number, 0 or more.' };
  }
  if (max === undefined) {
    return {
      ok: false,
      message: 'Maximum employees must be a whole number, or empty for no upper bound.',
    };
  }
  if (max !== null && max < min) {
    return { ok: false, message: 'Maximum employees cannot be less than the minimum.' };
  }
  const label = formatSizeRange({ min, max });
  if (criteria.companySizes.some((s) => s.min === min && s.max === max)) {
    return { ok: false, message: `${label} employees is already in the profile.` };
  }
  if (criteria.companySizes.length >= LIMITS.companySizes) {
    return { ok: false, message: `A profile can have at most ${LIMITS.companySizes} size ranges.` };
  }
  return { ok: true, min, max };
}

function wholeNumber(text: string): number | undefined {
  const cleaned = text.trim().replace(/[\s,._']/g, '');
  if (!/^\d{1,9}$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** Problems that do not stop a save but make the profile useless, shown next to the form. */
export function draftWarnings(criteria: IcpCriteria): string[] {
  if (isEmptyProfile(criteria)) return [];
  const weights = Object.values(criteria).flatMap((list: { weight: number }[]) =>
    list.map((item) => item.weight),
  );
  return weights.every((w) => w === 0)
    ? ['Every weight is 0, so every contact scores 0. Give the values that matter a weight.']
    : [];
}

function plural(noun: string): string {
  if (noun.endsWith('y')) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

function withArticle(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
