import { describe, expect, test } from 'vitest';
import {
  emptyIcpCriteria,
  icpCriteriaSchema,
  type IcpCriteria,
} from '../../../shared/documents/icp.ts';
import {
  checkNewValue,
  draftReducer,
  draftWarnings,
  initialDraft,
  isDirty,
  isEmptyProfile,
  LIMITS,
  MAX_VALUE_LENGTH,
  parseSizeInput,
  sameCriteria,
  type DraftAction,
  type DraftState,
} from './draft.ts';

const run = (state: DraftState, ...actions: DraftAction[]) => actions.reduce(draftReducer, state);
const saved: IcpCriteria = {
  ...emptyIcpCriteria(),
  industries: [{ value: 'Software', weight: 5 }],
};

describe('draftReducer', () => {
  test('adds, weighs and removes values; the saved profile stays as it was', () => {
    const state = run(
      initialDraft(saved),
      { type: 'add', list: 'countries', value: '  Germany ' },
      { type: 'add', list: 'titleKeywords', value: 'sales', weight: 8 },
      { type: 'addSize', min: 51, max: 200 },
      { type: 'weight', list: 'industries', index: 0, weight: 9 },
      { type: 'weight', list: 'companySizes', index: 0, weight: 12.4 },
      { type: 'add', list: 'industries', value: 'Fintech' },
      { type: 'remove', list: 'industries', index: 0 },
    );
    expect(state.draft).toEqual({
      industries: [{ value: 'Fintech', weight: 5 }],
      companySizes: [{ min: 51, max: 200, weight: 10 }],
      countries: [{ value: 'Germany', weight: 5 }],
      titleKeywords: [{ value: 'sales', weight: 8 }],
      seniorities: [],
    });
    expect(state.saved).toBe(saved);
    expect(isDirty(state)).toBe(true);
    expect(icpCriteriaSchema.safeParse(state.draft).success).toBe(true);
  });

  test('discard returns to the saved profile', () => {
    const state = run(initialDraft(saved), { type: 'remove', list: 'industries', index: 0 });
    expect(isDirty(state)).toBe(true);
    const discarded = draftReducer(state, { type: 'discard' });
    expect(discarded.draft).toEqual(saved);
    expect(isDirty(discarded)).toBe(false);
  });

  test('edits back to the saved values are not unsaved changes', () => {
    const state = run(
      initialDraft(saved),
      { type: 'weight', list: 'industries', index: 0, weight: 7 },
      { type: 'weight', list: 'industries', index: 0, weight: 5 },
    );
    expect(isDirty(state)).toBe(false);
  });

  test('a clean form follows the saved profile; unsaved edits survive a save elsewhere', () => {
    const other = { ...saved, countries: [{ value: 'France', weight: 3 }] };
    const clean = draftReducer(initialDraft(saved), { type: 'saved', criteria: other });
    expect(clean).toEqual({ saved: other, draft: other, outdated: false });

    const edited = run(initialDraft(saved), { type: 'add', list: 'industries', value: 'Retail' });
    const after = draftReducer(edited, { type: 'saved', criteria: other });
    expect(after.draft).toBe(edited.draft);
    expect(after.saved).toBe(other);
    expect(after.outdated).toBe(true);
    // The same profile coming back (key order aside) changes nothing.
    const reordered = {
      seniorities: [],
      titleKeywords: [],
      countries: [],
      companySizes: [],
      industries: [{ weight: 5, value: 'Software' }],
    };
    expect(draftReducer(edited, { type: 'saved', criteria: reordered })).toBe(edited);
  });

  test('this form’s own save is not “changed elsewhere”, even with edits made meanwhile', () => {
    const edited = run(initialDraft(saved), { type: 'add', list: 'industries', value: 'Retail' });
    const committed = draftReducer(edited, { type: 'committed', criteria: edited.draft });
    expect(isDirty(committed)).toBe(false);
    const later = run(committed, { type: 'add', list: 'industries', value: 'Media' });
    const echoed = draftReducer(later, { type: 'saved', criteria: edited.draft });
    expect(echoed.outdated).toBe(false);
    expect(isDirty(echoed)).toBe(true);
  });
});

describe('checkNewValue', () => {
  test('empty, punctuation only, too long', () => {
    const c = emptyIcpCriteria();
    expect(checkNewValue(c, 'industries', '   ')).toBe('Type an industry first.');
    expect(checkNewValue(c, 'titleKeywords', '  ')).toBe('Type a title keyword first.');
    expect(checkNewValue(c, 'countries', '--')).toBe('“--” has no letters or digits.');
    expect(checkNewValue(c, 'industries', 'x'.repeat(MAX_VALUE_LENGTH + 1))).toBe(
      `An industry can have at most ${MAX_VALUE_LENGTH} characters.`,
    );
    expect(checkNewValue(c, 'industries', 'Software')).toBeNull();
  });

  test('duplicates as scoring sees them: case, accents, country aliases', () => {
    const c: IcpCriteria = {
      ...emptyIcpCriteria(),
      industries: [{ value: 'Software', weight: 1 }],
      countries: [{ value: 'United States', weight: 1 }],
    };
    expect(checkNewValue(c, 'industries', 'Software')).toBe(
      '“Software” is already in the profile.',
    );
    expect(checkNewValue(c, 'industries', ' software ')).toBe(
      '“software” is the same as “Software”, already in the profile.',
    );
    expect(checkNewValue(c, 'countries', 'USA')).toBe(
      '“USA” is the same as “United States”, already in the profile.',
    );
    expect(checkNewValue(c, 'titleKeywords', 'Software')).toBeNull();
  });

  test('the list limits are the document schema’s', () => {
    for (const [list, limit] of Object.entries(LIMITS)) {
      const item =
        list === 'companySizes' ? { min: 1, max: null, weight: 1 } : { value: 'x', weight: 1 };
      const at = { ...emptyIcpCriteria(), [list]: Array.from({ length: limit }, () => item) };
      const over = { ...emptyIcpCriteria(), [list]: Array.from({ length: limit + 1 }, () => item) };
      expect(icpCriteriaSchema.safeParse(at).success).toBe(true);
      expect(icpCriteriaSchema.safeParse(over).success).toBe(false);
    }
    const full = {
      ...emptyIcpCriteria(),
      seniorities: Array.from({ length: LIMITS.seniorities }, (_, i) => ({
        value: `L${i}`,
        weight: 1,
      })),
    };
    expect(checkNewValue(full, 'seniorities', 'Intern')).toBe(
      'A profile can have at most 20 seniorities.',
    );
  });
});

describe('parseSizeInput', () => {
  const c = { ...emptyIcpCriteria(), companySizes: [{ min: 51, max: 200, weight: 5 }] };
  test('whole numbers, thousands separators, an empty max for no upper bound', () => {
    expect(parseSizeInput(c, '1,001', '5 000')).toEqual({ ok: true, min: 1001, max: 5000 });
    expect(parseSizeInput(c, '10000', '  ')).toEqual({ ok: true, min: 10000, max: null });
    expect(parseSizeInput(c, '0', '0')).toEqual({ ok: true, min: 0, max: 0 });
  });
  test('says what is wrong', () => {
    expect(parseSizeInput(c, '', '')).toMatchObject({
      message: 'Minimum employees must be a whole number, 0 or more.',
    });
    expect(parseSizeInput(c, '-5', '')).toMatchObject({ ok: false });
    expect(parseSizeInput(c, '10', 'lots')).toMatchObject({
      message: 'Maximum employees must be a whole number, or empty for no upper bound.',
    });
    expect(parseSizeInput(c, '200', '51')).toMatchObject({
      message: 'Maximum employees cannot be less than the minimum.',
    });
    expect(parseSizeInput(c, '51', '200')).toMatchObject({
      message: '51-200 employees is already in the profile.',
    });
  });
});

describe('profile checks', () => {
  test('empty profile, all weights zero, order-independent equality', () => {
    expect(isEmptyProfile(emptyIcpCriteria())).toBe(true);
    expect(isEmptyProfile(saved)).toBe(false);
    expect(draftWarnings(emptyIcpCriteria())).toEqual([]);
    expect(draftWarnings(saved)).toEqual([]);
    const zero = { ...saved, industries: [{ value: 'Software', weight: 0 }] };
    expect(draftWarnings(zero)).toHaveLength(1);
    expect(sameCriteria(saved, { ...saved })).toBe(true);
    expect(sameCriteria(saved, zero)).toBe(false);
  });
});
