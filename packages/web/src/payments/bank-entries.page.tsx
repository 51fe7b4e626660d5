import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { caseHref } from '../ledger/ledger.params';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { rankSuggestions, signedAmount } from './cash-application';
import { matchRuleName } from './payments.labels';
import { bankEntriesPath, ENTRY_FILTERS, isEntryFilter, parseEntryFilter } from './payments.params';
import type { BankEntryList } from './payments.types';
import { BankEntryStatusBadge, ConfidenceBadge } from './queue-entry';

// What the server lists at most (newest first).
const SERVER_LIMIT = 500;

/** Every imported bank entry, whatever became of it: assigned, waiting, or a bank movement. */
export function BankEntriesPage() {
  const t = useT();
  const fmt = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = parseEntryFilter(searchParams);
  const remote = useApi<BankEntryList>(bankEntriesPath(filter), { keepPrevious: true });
  useDocumentTitle(t('entries.title'));
  const rows = remote.data?.items ?? [];

  return (
    <>
      <div className="page-header">
        <h1>{t('entries.title')}</h1>
      </div>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span className="field-label">{t('entries.status')}</span>
          <select
            data-testid="entries-status"
            value={filter}
            onChange={(event) => {
              const value = event.target.value;
              if (isEntryFilter(value)) setSearchParams(new URLSearchParams({ status: value }));
            }}
          >
            {ENTRY_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`entries.filter.${f}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {!remote.data && remote.status === 'loading' && <Loading />}
      {remote.data && (
        <div className={remote.status === 'loading' ? 'table-wrap stale' : 'table-wrap'}>
          <table className="table" data-testid="bank-entries">
            <thead>
              <tr>
                <th>{t('entries.col.date')}</th>
                <th>{t('entries.col.payer')}</th>
                <th>{t('entries.col.remittance')}</th>
                <th>{t('entries.col.bankReference')}</th>
                <th className="num">{t('entries.col.amount')}</th>
                <th className="num">{t('entries.col.unassigned')}</th>
                <th>{t('entries.col.status')}</th>
                <th>{t('entries.col.suggestion')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted empty-cell">
                    {t('entries.empty')}
                  </td>
                </tr>
              )}
              {rows.map((entry) => {
                const best = rankSuggestions(entry.suggestions)[0];
                return (
                  <tr
                    key={entry.id}
                    data-testid="bank-entry-row"
                    data-entry-id={entry.id}
                    data-status={entry.status}
                  >
                    <td className="nowrap">{fmt.date(entry.bookingDate)}</td>
                    <td>
                      {entry.counterpartyName ?? <span className="muted">{t('common.none')}</span>}
                      {entry.counterpartyIban && (
                        <div className="mono small muted">{entry.counterpartyIban}</div>
                      )}
                    </td>
                    <td className="mono small remittance-cell">
                      {entry.remittance.map((line, i) => (
                        <span key={i} className="remittance-line">
                          {line}
                        </span>
                      ))}
                    </td>
                    <td className="mono small">{entry.bankReference}</td>
                    <td className="num">
                      {/* a debit is money out of the bank account, not a credit to a debtor: no colour */}
                      <span className="amount">{fmt.money(signedAmount(entry))}</span>
                    </td>
                    <td className="num">
                      {entry.direction === 'credit' ? <Amount money={entry.unassigned} /> : null}
                    </td>
                    <td>
                      <BankEntryStatusBadge status={entry.status} />
                    </td>
                    <td className="small">
                      {best && (
                        <>
                          <ConfidenceBadge confidence={best.confidence} /> {matchRuleName(best.rule, t)}
                          {' · '}
                          <Link to={caseHref(best.caseId)} className="mono">
                            {best.caseNumber ?? t('suggestion.unknownCase')}
                          </Link>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {rows.length >= SERVER_LIMIT && <p className="muted small">{t('entries.limit')}</p>}
    </>
  );
}
