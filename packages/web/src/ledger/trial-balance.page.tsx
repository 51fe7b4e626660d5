import type { TrialBalance } from '@quittance/api-contract';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { accountHref, parsePeriod, periodQuery, type PeriodFilter } from './ledger.params';
import { BalanceCheck, PeriodFilters, usePeriodCaption } from './ledger-ui';

export function TrialBalancePage() {
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => parsePeriod(searchParams), [searchParams]);
  const query = periodQuery(filter);
  const remote = useApi<TrialBalance>(`/ledger/trial-balance${query}`, { keepPrevious: true });
  const caption = usePeriodCaption(filter);
  useDocumentTitle(t('trialBalance.title'));

  const apply = (next: PeriodFilter) => setSearchParams(new URLSearchParams(periodQuery(next)));
  const data = remote.data;
  const multiCurrency = (data?.totals.length ?? 0) > 1;

  return (
    <>
      <div className="page-header">
        <h1>{t('trialBalance.title')}</h1>
        <p className="page-header-meta muted">
          {caption} · {t('ledger.validatedOnly')}
        </p>
      </div>
      <PeriodFilters key={query} filter={filter} onApply={apply} />
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {!data && remote.status === 'loading' && <Loading />}
      {data && (
        <div className={remote.status === 'loading' ? 'table-wrap stale' : 'table-wrap'}>
          <table className="table" data-testid="trial-balance">
            <thead>
              <tr>
                <th>{t('ledger.col.account')}</th>
                <th>{t('ledger.col.accountLabel')}</th>
                {multiCurrency && <th>{t('ledger.col.currency')}</th>}
                <th className="num">{t('ledger.col.opening')}</th>
                <th className="num">{t('ledger.col.debit')}</th>
                <th className="num">{t('ledger.col.credit')}</th>
                <th className="num">{t('ledger.col.closing')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.length === 0 && (
                <tr>
                  <td colSpan={multiCurrency ? 7 : 6} className="muted empty-cell">
                    {t('trialBalance.empty')}
                  </td>
                </tr>
              )}
              {data.rows.map((row) => (
                <tr
                  key={`${row.account}|${row.currency}`}
                  data-testid="trial-balance-row"
                  data-account={row.account}
                >
                  <td className="mono nowrap">
                    <Link to={accountHref(row.account, filter)} data-testid="trial-balance-account">
                      {row.account}
                    </Link>
                  </td>
                  <td>{row.label}</td>
                  {multiCurrency && <td className="mono">{row.currency}</td>}
                  <td className="num">
                    <Amount money={row.opening} />
                  </td>
                  <td className="num">
                    <Amount money={row.debit} />
                  </td>
                  <td className="num">
                    <Amount money={row.credit} />
                  </td>
                  <td className="num">
                    <Amount money={row.closing} />
                  </td>
                </tr>
              ))}
            </tbody>
            {data.totals.length > 0 && (
              <tfoot>
                {data.totals.map((total) => (
                  <tr key={total.currency} data-testid="trial-balance-total" data-currency={total.currency}>
                    <th colSpan={multiCurrency ? 3 : 2} scope="row">
                      {multiCurrency ? t('ledger.totalIn', { currency: total.currency }) : t('ledger.total')}{' '}
                      <BalanceCheck debit={total.debit} credit={total.credit} />
                    </th>
                    <td />
                    <td className="num">
                      <Amount money={total.debit} />
                    </td>
                    <td className="num">
                      <Amount money={total.credit} />
                    </td>
                    <td className="num">
                      <Amount money={total.closing} />
                    </td>
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
