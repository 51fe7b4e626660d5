import type { CustomerBalances } from '@quittance/api-contract';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { partyHref } from '../cases/case-header';
import { useFormat, useT } from '../i18n/i18n-context';
import { sumByCurrency } from '../lib/decimal';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { parsePeriod, periodQuery, type PeriodFilter } from './ledger.params';
import { PeriodFilters } from './ledger-ui';

export function CustomerBalancesPage() {
  const t = useT();
  const fmt = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  // Balances are current: only the company filter applies.
  const filter = useMemo(() => ({ ...parsePeriod(searchParams), from: null, to: null }), [searchParams]);
  const query = periodQuery(filter);
  const remote = useApi<CustomerBalances>(`/ledger/customer-balances${query}`, { keepPrevious: true });
  useDocumentTitle(t('customers.title'));

  const apply = (next: PeriodFilter) =>
    setSearchParams(new URLSearchParams(periodQuery({ ...next, from: null, to: null })));
  const rows = remote.data?.rows ?? [];
  const receivable = sumByCurrency(rows.map((row) => row.receivable));
  const unallocated = sumByCurrency(rows.map((row) => row.unallocated));
  const net = sumByCurrency(rows.map((row) => row.net));
  const zero = (currency: string) => ({ amount: '0', currency });

  return (
    <>
      <div className="page-header">
        <h1>{t('customers.title')}</h1>
        {filter.company && (
          <p className="page-header-meta muted">{t('ledger.company', { company: filter.company })}</p>
        )}
      </div>
      <PeriodFilters key={query} filter={filter} onApply={apply} showPeriod={false} />
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {!remote.data && remote.status === 'loading' && <Loading />}
      {remote.data && (
        <div className={remote.status === 'loading' ? 'table-wrap stale' : 'table-wrap'}>
          <table className="table" data-testid="customer-balances">
            <thead>
              <tr>
                <th>{t('ledger.col.customer')}</th>
                <th>{t('ledger.col.reference')}</th>
                <th>{t('ledger.col.company')}</th>
                <th className="num">{t('ledger.col.receivable')}</th>
                <th className="num">{t('ledger.col.unallocated')}</th>
                <th className="num">{t('ledger.col.net')}</th>
                <th className="num">{t('ledger.col.cases')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted empty-cell">
                    {t('customers.empty')}
                  </td>
                </tr>
              )}
              {rows.map((row) => (
                <tr key={`${row.partyId}|${row.company}|${row.currency}`} data-testid="customer-balance-row">
                  <td>
                    <Link to={partyHref(row.partyId)} className="party-link">
                      {row.name}
                    </Link>
                  </td>
                  <td className="mono small">
                    {row.reference ?? <span className="muted">{t('common.none')}</span>}
                  </td>
                  <td className="mono">{row.company}</td>
                  <td className="num">
                    <Amount money={row.receivable} />
                  </td>
                  <td className="num">
                    <Amount money={row.unallocated} />
                  </td>
                  <td className="num">
                    <Amount money={row.net} overdue />
                  </td>
                  <td className="num">{fmt.integer(row.cases)}</td>
                </tr>
              ))}
            </tbody>
            {rows.length > 0 && (
              <tfoot>
                {net.map((total) => (
                  <tr key={total.currency} data-testid="customer-balances-total">
                    <th colSpan={3} scope="row">
                      {net.length > 1 ? t('ledger.totalIn', { currency: total.currency }) : t('ledger.total')}
                    </th>
                    <td className="num">
                      <Amount
                        money={receivable.find((m) => m.currency === total.currency) ?? zero(total.currency)}
                      />
                    </td>
                    <td className="num">
                      <Amount
                        money={unallocated.find((m) => m.currency === total.currency) ?? zero(total.currency)}
                      />
                    </td>
                    <td className="num">
                      <Amount money={total} />
                    </td>
                    <td />
                  </tr>
                ))}
              </tfoot>
            )}
          </table>
        </div>
      )}
    </>
  );
}
