import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  nextSort,
  pageCount,
  parseCaseListParams,
  sortDirection,
  toApiQuery,
  toSearchParams,
  updateState,
} from './case-list.params';

const parse = (search: string) => parseCaseListParams(new URLSearchParams(search));

describe('parseCaseListParams', () => {
  it('reads an empty URL as the default list', () => {
    expect(parse('')).toEqual(DEFAULT_STATE);
  });

  it('reads every filter from the URL', () => {
    expect(parse('?q=acme&phase=legal&overdue=1&archived=1&sort=-balance&page=3')).toEqual({
      q: 'acme',
      phase: 'legal',
      overdueOnly: true,
      showArchived: true,
      sort: '-balance',
      page: 3,
    });
  });

  it('ignores values it does not know instead of sending them to the API', () => {
    expect(parse('?phase=nope&sort=drop table&page=-2&overdue=maybe')).toEqual(DEFAULT_STATE);
    expect(parse('?page=2.5').page).toBe(1);
  });
});

describe('toSearchParams', () => {
  it('round-trips through the URL', () => {
    const state = {
      q: 'Dupont & fils',
      phase: 'amicable' as const,
      overdueOnly: true,
      showArchived: false,
      sort: 'debtor' as const,
      page: 2,
    };
    expect(parseCaseListParams(toSearchParams(state))).toEqual(state);
  });

  it('leaves defaults out of the URL', () => {
    expect(toSearchParams(DEFAULT_STATE).toString()).toBe('');
  });
});

describe('toApiQuery', () => {
  it('speaks the API dialect: explicit archived filter, sort, paging', () => {
    expect(toApiQuery(DEFAULT_STATE)).toBe('?archived=false&sort=-overdue&page=1&pageSize=25');
    expect(
      toApiQuery({
        ...DEFAULT_STATE,
        q: '  acme ',
        phase: 'legal',
        overdueOnly: true,
        showArchived: true,
        page: 4,
      }),
    ).toBe('?q=acme&phase=legal&overdue=true&archived=all&sort=-overdue&page=4&pageSize=25');
  });
});

describe('updateState', () => {
  it('goes back to the first page when a filter changes', () => {
    expect(updateState({ ...DEFAULT_STATE, page: 5 }, { phase: 'legal' }).page).toBe(1);
  });

  it('keeps filters when only the page changes', () => {
    expect(updateState({ ...DEFAULT_STATE, q: 'x' }, { page: 2 })).toEqual({
      ...DEFAULT_STATE,
      q: 'x',
      page: 2,
    });
  });
});

describe('sorting', () => {
  it('starts text columns ascending and amounts descending, then toggles', () => {
    expect(nextSort('-overdue', 'number')).toBe('number');
    expect(nextSort('number', 'number')).toBe('-number');
    expect(nextSort('-number', 'number')).toBe('number');
    expect(nextSort('number', 'balance')).toBe('-balance');
    expect(nextSort('-balance', 'balance')).toBe('balance');
  });

  it('tells which column is sorted and how', () => {
    expect(sortDirection('-daysPastDue', 'daysPastDue')).toBe('desc');
    expect(sortDirection('debtor', 'debtor')).toBe('asc');
    expect(sortDirection('debtor', 'number')).toBeNull();
  });
});

describe('pageCount', () => {
  it('counts at least one page', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });
});
