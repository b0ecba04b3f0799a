import {
  EMPTY_QUERY,
  type ContactFilters,
  type ContactQuery,
  type DeliveryFilter,
  type SortKey,
} from '../data/contacts-index.ts';
import { CONNECTORS, type Connector } from '../../../shared/documents/server-written.ts';

/**
 * The Contacts page keeps its search, filters and sort in the URL's query string, so a reload,
 * a bookmark or a link sent to a colleague opens the same list. Saved views store the same
 * string. Parsing is forgiving: an unknown or malformed parameter is dropped, never an error.
 *
 *   q=ann lee  country=DE&country=FR  industry=…  size=51-200  tag=vip
 *   min=40&max=90  delivery=hubspot:failed  import=<importId>  sort=score&dir=desc
 */

export const SORT_KEYS: readonly SortKey[] = [
  'name',
  'email',
  'company',
  'title',
  'country',
  'score',
  'createdAt',
];
export const DELIVERY_STATES: readonly DeliveryFilter[] = [
  'pending',
  'delivered',
  'failed',
  'none',
];

const LIST_PARAMS = [
  ['country', 'countries'],
  ['industry', 'industries'],
  ['size', 'companySizes'],
  ['tag', 'tags'],
] as const;

/** At most this many values per list filter: a hostile link cannot make the page do much. */
const MAX_VALUES = 200;
const MAX_TEXT = 500;

function score(raw: string | null): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) return undefined;
  return Math.min(100, Math.max(0, Math.round(value)));
}

export function parseDeliveryFilter(
  raw: string | null,
): { connector: Connector; state: DeliveryFilter } | undefined {
  const [connector, state] = (raw ?? '').split(':');
  if (!CONNECTORS.includes(connector as Connector)) return undefined;
  if (!DELIVERY_STATES.includes(state as DeliveryFilter)) return undefined;
  return { connector: connector as Connector, state: state as DeliveryFilter };
}

export function queryFromParams(params: URLSearchParams): ContactQuery {
  const filters: ContactFilters = {};
  for (const [param, key] of LIST_PARAMS) {
    const values = [
      ...new Set(params.getAll(param).filter((v) => v && v.length <= MAX_TEXT)),
    ].slice(0, MAX_VALUES);
    if (values.length > 0) filters[key] = values;
  }
  const scoreMin = score(params.get('min'));
  const scoreMax = score(params.get('max'));
  if (scoreMin !== undefined) filters.scoreMin = scoreMin;
  if (scoreMax !== undefined) filters.scoreMax = scoreMax;
  const delivery = parseDeliveryFilter(params.get('delivery'));
  if (delivery) filters.delivery = delivery;
  const importId = params.get('import');
  if (importId && importId.length <= MAX_TEXT) filters.importId = importId;

  const sortKey = params.get('sort') as SortKey | null;
  const key = sortKey && SORT_KEYS.includes(sortKey) ? sortKey : EMPTY_QUERY.sort.key;
  const direction = params.get('dir') === 'desc' ? 'desc' : 'asc';
  return {
    search: (params.get('q') ?? '').slice(0, MAX_TEXT),
    filters,
    sort: { key, direction },
  };
}

/** The query as URL parameters, defaults left out, in a fixed order (equal queries, equal URLs). */
export function queryToParams(query: ContactQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.search.trim()) params.set('q', query.search);
  const { filters } = query;
  for (const [param, key] of LIST_PARAMS) {
    for (const value of filters[key] ?? []) params.append(param, value);
  }
  if (filters.scoreMin !== undefined) params.set('min', String(filters.scoreMin));
  if (filters.scoreMax !== undefined) params.set('max', String(filters.scoreMax));
  if (filters.delivery) {
    params.set('delivery', `${filters.delivery.connector}:${filters.delivery.state}`);
  }
  if (filters.importId) params.set('import', filters.importId);
  if (query.sort.key !== EMPTY_QUERY.sort.key) params.set('sort', query.sort.key);
  if (query.sort.direction !== 'asc') params.set('dir', query.sort.direction);
  return params;
}

/** How many filters are set (each list counts once), for the "Filters · 3" button. */
export function activeFilterCount(filters: ContactFilters): number {
  let count = 0;
  for (const [, key] of LIST_PARAMS) if (filters[key]?.length) count++;
  if (filters.scoreMin !== undefined || filters.scoreMax !== undefined) count++;
  if (filters.delivery) count++;
  if (filters.importId) count++;
  return count;
}
