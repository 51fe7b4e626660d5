import type { CaseSortKey, Phase } from '@quittance/api-contract';
import { isPhase, isSortKey } from '../api/enums';

// The case list keeps all of its state in the URL (?q=&phase=&overdue=1&archived=1&sort=&page=)
// so that a filtered list can be shared, bookmarked, and restored by the back button. Defaults
// are left out of the URL; unknown or malformed values fall back to the defaults.

export type CaseListState = {
  q: string;
  phase: Phase | null;
  overdueOnly: boolean;
  showArchived: boolean;
  sort: CaseSortKey;
  page: number;
};

export const DEFAULT_SORT: CaseSortKey = '-overdue';
export const PAGE_SIZE = 25;

export const DEFAULT_STATE: CaseListState = {
  q: '',
  phase: null,
  overdueOnly: false,
  showArchived: false,
  sort: DEFAULT_SORT,
  page: 1,
};

const TRUE_VALUES = new Set(['1', 'true', 'yes']);

export function parseCaseListParams(params: URLSearchParams): CaseListState {
  const phase = params.get('phase') ?? '';
  const sort = params.get('sort') ?? '';
  const page = Number(params.get('page') ?? '1');
  return {
    q: params.get('q') ?? '',
    phase: isPhase(phase) ? phase : null,
    overdueOnly: TRUE_VALUES.has(params.get('overdue') ?? ''),
    showArchived: TRUE_VALUES.has(params.get('archived') ?? ''),
    sort: isSortKey(sort) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The browser URL's search params for a state; defaults are omitted to keep links short. */
export function toSearchParams(state: CaseListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q);
  if (state.phase) params.set('phase', state.phase);
  if (state.overdueOnly) params.set('overdue', '1');
  if (state.showArchived) params.set('archived', '1');
  if (state.sort !== DEFAULT_SORT) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  return params;
}

/** The API query string (with its leading "?") for `GET /cases`. */
export function toApiQuery(state: CaseListState, pageSize = PAGE_SIZE): string {
  const params = new URLSearchParams();
  const q = state.q.trim();
  if (q) params.set('q', q);
  if (state.phase) params.set('phase', state.phase);
  if (state.overdueOnly) params.set('overdue', 'true');
  params.set('archived', state.showArchived ? 'all' : 'false');
  params.set('sort', state.sort);
  params.set('page', String(state.page));
  params.set('pageSize', String(pageSize));
  return `?${params.toString()}`;
}

/** Applies a change; any change other than the page itself goes back to page 1. */
export function updateState(state: CaseListState, change: Partial<CaseListState>): CaseListState {
  const next = { ...state, ...change };
  if (change.page === undefined) next.page = 1;
  return next;
}

export type SortColumn = 'number' | 'debtor' | 'balance' | 'overdue' | 'daysPastDue';

// Text columns start A→Z; money and ageing start with the biggest, which is what a collector wants first.
const FIRST_DIRECTION: Record<SortColumn, 'asc' | 'desc'> = {
  number: 'asc',
  debtor: 'asc',
  balance: 'desc',
  overdue: 'desc',
  daysPastDue: 'desc',
};

export function sortDirection(sort: CaseSortKey, column: SortColumn): 'asc' | 'desc' | null {
  if (sort === column) return 'asc';
  if (sort === `-${column}`) return 'desc';
  return null;
}

/** The sort after clicking a column header: the column's first direction, then toggling. */
export function nextSort(sort: CaseSortKey, column: SortColumn): CaseSortKey {
  const current = sortDirection(sort, column);
  const direction = current === null ? FIRST_DIRECTION[column] : current === 'asc' ? 'desc' : 'asc';
  return direction === 'asc' ? column : `-${column}`;
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
