import type { CaseList } from '@quittance/api-contract';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { PHASES, isPhase } from '../api/enums';
import { useApi } from '../api/use-api';
import { useFormat, useI18n } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import {
  DEFAULT_STATE,
  nextSort,
  pageCount,
  PAGE_SIZE,
  parseCaseListParams,
  toApiQuery,
  toSearchParams,
  updateState,
  type CaseListState,
  type SortColumn,
} from './case-list.params';
import { CaseTable } from './case-table';
import { SearchBox } from './search-box';

export function CaseListPage() {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => parseCaseListParams(searchParams), [searchParams]);
  const remote = useApi<CaseList>(`/cases${toApiQuery(state, PAGE_SIZE)}`, { keepPrevious: true });
  useDocumentTitle(t('caseList.title'));

  const apply = useCallback(
    (change: Partial<CaseListState>, replace = false) => {
      setSearchParams(toSearchParams(updateState(state, change)), { replace });
    },
    [state, setSearchParams],
  );

  // Refining a search replaces the history entry; starting one adds an entry, so Back undoes it.
  const commitSearch = useCallback((q: string) => apply({ q }, state.q.trim() !== ''), [apply, state.q]);
  const onSort = useCallback(
    (column: SortColumn) => apply({ sort: nextSort(state.sort, column) }),
    [apply, state.sort],
  );

  const hasFilters = state.q.trim() !== '' || state.phase !== null || state.overdueOnly || state.showArchived;
  const clearFilters = () => setSearchParams(toSearchParams({ ...DEFAULT_STATE, sort: state.sort }));

  const data = remote.data;
  const total = data?.meta.total ?? 0;
  const pages = data ? pageCount(data.meta.total, data.meta.pageSize) : 1;
  const pluralKey =
    new Intl.PluralRules(locale).select(total) === 'one' ? 'caseList.count.one' : 'caseList.count.other';
  const listSearch = searchParams.toString() ? `?${searchParams.toString()}` : '';

  return (
    <section className="page" aria-busy={remote.status === 'loading'}>
      <div className="page-header">
        <h1>{t('caseList.title')}</h1>
        {data && (
          <p className="page-header-meta">
            <span className="count">
              <span data-testid="case-list-total">{total}</span> {t(pluralKey)}
            </span>
            <span className="muted"> · {t('caseList.asOf', { date: fmt.date(data.asOf) })}</span>
          </p>
        )}
      </div>

      <form
        className="filters"
        role="search"
        aria-label={t('caseList.filters')}
        onSubmit={(event) => event.preventDefault()}
      >
        <SearchBox
          value={state.q}
          onCommit={commitSearch}
          label={t('caseList.search')}
          placeholder={t('caseList.searchPlaceholder')}
        />
        <label className="field">
          <span className="field-label">{t('caseList.phase')}</span>
          <select
            data-testid="phase-filter"
            value={state.phase ?? ''}
            onChange={(event) => apply({ phase: isPhase(event.target.value) ? event.target.value : null })}
          >
            <option value="">{t('caseList.allPhases')}</option>
            {PHASES.map((phase) => (
              <option key={phase} value={phase}>
                {t(`phase.${phase}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="overdue-filter"
            checked={state.overdueOnly}
            onChange={(event) => apply({ overdueOnly: event.target.checked })}
          />
          {t('caseList.overdueOnly')}
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="archived-filter"
            checked={state.showArchived}
            onChange={(event) => apply({ showArchived: event.target.checked })}
          />
          {t('caseList.showArchived')}
        </label>
        {hasFilters && (
          <button type="button" className="button button-link" onClick={clearFilters}>
            {t('caseList.clearFilters')}
          </button>
        )}
      </form>

      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {(!data || data.items.length === 0) && remote.status === 'loading' && <Loading />}
      {data && data.items.length === 0 && remote.status !== 'loading' && (
        <EmptyState>
          {state.page > 1 ? (
            <>
              <p>{t('caseList.emptyPage')}</p>
              <button type="button" className="button" onClick={() => apply({ page: 1 })}>
                {t('caseList.firstPage')}
              </button>
            </>
          ) : (
            <>
              <p>{t('caseList.empty')}</p>
              {hasFilters && (
                <button type="button" className="button" onClick={clearFilters}>
                  {t('caseList.clearFilters')}
                </button>
              )}
            </>
          )}
        </EmptyState>
      )}
      {data && data.items.length > 0 && (
        <div className={remote.status === 'loading' ? 'stale' : undefined}>
          <CaseTable cases={data.items} sorting={{ sort: state.sort, onSort }} linkState={{ listSearch }} />
        </div>
      )}

      {data && (data.items.length > 0 || state.page > 1) && (
        <nav className="pagination" aria-label={t('pagination.label')}>
          <button
            type="button"
            className="button"
            data-testid="page-previous"
            disabled={state.page <= 1}
            onClick={() => apply({ page: Math.min(state.page - 1, pages) })}
          >
            ‹ {t('pagination.previous')}
          </button>
          <span className="pagination-status" data-testid="page-status">
            {t('pagination.page', { page: fmt.integer(state.page), pages: fmt.integer(pages) })}
          </span>
          <button
            type="button"
            className="button"
            data-testid="page-next"
            disabled={state.page >= pages}
            onClick={() => apply({ page: state.page + 1 })}
          >
            {t('pagination.next')} ›
          </button>
        </nav>
      )}
    </section>
  );
}
