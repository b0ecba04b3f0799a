import type { SortKey } from '../data/contacts-index.ts';

/** The table's columns after the select checkbox, in order; widths live in contacts.css. */
export const COLUMNS: readonly { id: string; label: string; sort?: SortKey }[] = [
  { id: 'name', label: 'Name', sort: 'name' },
  { id: 'email', label: 'Email', sort: 'email' },
  { id: 'company', label: 'Company', sort: 'company' },
  { id: 'title', label: 'Title', sort: 'title' },
  { id: 'country', label: 'Country', sort: 'country' },
  { id: 'score', label: 'ICP score', sort: 'score' },
  { id: 'delivery', label: 'CRM delivery' },
  { id: 'tags', label: 'Tags' },
];

export const SORT_LABELS: Record<SortKey, string> = {
  name: 'Name',
  email: 'Email',
  company: 'Company',
  title: 'Title',
  country: 'Country',
  score: 'ICP score',
  createdAt: 'Date added',
};

/** Row heights in px: fixed, so the virtualizer never measures (no layout reads while scrolling). */
export const ROW_HEIGHT = 44;
export const COMPACT_ROW_HEIGHT = 64;
/** Below this width the table turns into two-line rows (phones). */
export const COMPACT_MEDIA = '(max-width: 760px)';
/** The sticky header row's height in px (contacts.css .contacts-row--head). */
export const HEAD_HEIGHT = 40;
