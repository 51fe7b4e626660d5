import type { AccountLedger, TrialBalance } from '@quittance/api-contract';
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import {
  accountHref,
  caseHref,
  entryHref,
  parsePeriod,
  periodQuery,
  type PeriodFilter,
} from './ledger.params';
import { DebitCredit, PeriodFilters, usePeriodCaption } from './ledger-ui';

/** /app/ledger/accounts: choose an account, typed or among those with validated entries. */
export function AccountPickerPage() {
  const t = useT();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const filter = useMemo(() => parsePeriod(searchParams), [searchParams]);
  const [account, setAccount] = useState('');
  const accounts = useApi<TrialBalance>(`/ledger/trial-balance${periodQuery(filter)}`);
  useDocumentTitle(t('accountLedger.title'));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = account.trim();
    if (value) void navigate(accountHref(value, filter));
  };
  const rows = accounts.data?.rows ?? [];
  const unique = [...new Map(rows.map((row) => [row.account, row.label])).entries()];

  return (
    <>
      <div className="page-header">
        <h1>{t('accountLedger.title')}</h1>
      </div>
      <form className="filters" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('accountLedger.pick')}</span>
          <input
            type="text"
            className="mono"
            data-testid="account-picker"
            value={account}
            list="ledger-accounts"
            onChange={(event) => setAccount(event.target.value)}
          />
          <datalist id="ledger-accounts">
            {unique.map(([number, label]) => (
              <option key={number} value={number}>
                {label}
              </option>
            ))}
          </datalist>
        </label>
        <div className="filter-actions">
          <button type="submit" className="button button-primary" data-testid="account-picker-open">
            {t('accountLedger.open')}
          </button>
        </div>
      </form>
      <section className="card" aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('accountLedger.accounts')}</h2>
        {accounts.status === 'error' && <ErrorState error={accounts.error} onRetry={accounts.reload} />}
        {!accounts.data && accounts.status === 'loading' && <Loading />}
        {accounts.data && unique.length === 0 && (
          <EmptyState>
            <p>{t('accountLedger.noAccounts')}</p>
          </EmptyState>
        )}
        {unique.length > 0 && (
          <ul className="account-list">
            {unique.map(([number, label]) => (
              <li key={number}>
                <Link to={accountHref(number, filter)} className="mono">
                  {number}
                </Link>{' '}
                <span>{label}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** /app/ledger/accounts/:account: every validated line of one account, with its running balance. */
export function AccountLedgerPage() {
  const t = useT();
  const fmt = useFormat();
  const { account = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = useMemo(() => parsePeriod(searchParams), [searchParams]);
  const query = periodQuery(filter);
  const remote = useApi<AccountLedger>(`/ledger/accounts/${encodeURIComponent(account)}${query}`, {
    keepPrevious: true,
  });
  const caption = usePeriodCaption(filter);
  const title = t('accountLedger.accountTitle', { account });
  useDocumentTitle(title);

  const apply = (next: PeriodFilter) => setSearchParams(new URLSearchParams(periodQuery(next)));
  const data = remote.data;

  return (
    <>
      <nav className="breadcrumbs">
        <Link to={`/app/ledger/trial-balance${query}`}>← {t('accountLedger.back')}</Link>
      </nav>
      <div className="page-header">
        <h1>
          {t('ledger.col.account')}{' '}
          <span className="mono" data-testid="account-number">
            {account}
          </span>
          {data?.label && <span className="muted"> · {data.label}</span>}
        </h1>
        <p className="page-header-meta muted">
          {caption} · {t('ledger.validatedOnly')}
        </p>
      </div>
      <PeriodFilters key={query} filter={filter} onApply={apply} />
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {!data && remote.status === 'loading' && <Loading />}
      {data && (
        <div className={remote.status === 'loading' ? 'table-wrap stale' : 'table-wrap'}>
          <table className="table" data-testid="account-ledger">
            <thead>
              <tr>
                <th>{t('ledger.col.date')}</th>
                <th>{t('ledger.col.journal')}</th>
                <th>{t('ledger.col.number')}</th>
                <th>{t('ledger.col.piece')}</th>
                <th>{t('ledger.col.auxiliary')}</th>
                <th>{t('ledger.col.label')}</th>
                <th>{t('ledger.col.case')}</th>
                <th className="num">{t('ledger.col.debit')}</th>
                <th className="num">{t('ledger.col.credit')}</th>
                <th className="num">{t('ledger.col.balance')}</th>
              </tr>
            </thead>
            <tbody>
              {data.opening.map((opening) => (
                <tr
                  key={`opening-${opening.currency}`}
                  className="row-opening"
                  data-testid="account-ledger-opening"
                >
                  <td colSpan={9}>
                    {t('accountLedger.openingBalance')}
                    {data.opening.length > 1 && <span className="muted"> {opening.currency}</span>}
                  </td>
                  <td className="num">
                    <Amount money={opening} />
                  </td>
                </tr>
              ))}
              {data.lines.length === 0 && (
                <tr>
                  <td colSpan={10} className="muted empty-cell">
                    {t('accountLedger.empty')}
                  </td>
                </tr>
              )}
              {data.lines.map((line, i) => (
                <tr key={`${line.entryId}-${i}`} data-testid="account-ledger-row">
                  <td className="nowrap">{fmt.date(line.date)}</td>
                  <td className="mono">{line.journal}</td>
                  <td className="mono nowrap">
                    <Link to={entryHref(line.entryId)} data-testid="account-ledger-entry-link">
                      {line.ecritureNum}
                    </Link>
                  </td>
                  <td className="mono small">{line.pieceRef}</td>
                  <td className="mono small">
                    {line.auxiliaryAccount ?? <span className="muted">{t('common.none')}</span>}
                  </td>
                  <td>{line.label}</td>
                  <td className="mono nowrap">
                    <Link to={caseHref(line.caseId)} data-testid="account-ledger-case-link">
                      {line.caseNumber}
                    </Link>
                  </td>
                  <td className="num">
                    <DebitCredit money={line.debit} />
                  </td>
                  <td className="num">
                    <DebitCredit money={line.credit} />
                  </td>
                  <td className="num">
                    <Amount money={line.runningBalance} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
