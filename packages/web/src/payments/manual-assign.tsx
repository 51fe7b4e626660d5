import type { CaseList, CaseSummary } from '@quittance/api-contract';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useI18n } from '../i18n/i18n-context';
import { caseHref } from '../ledger/ledger.params';
import { Amount } from '../ui/amount';
import { errorMessage } from '../ui/states';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { checkSplit, manualAssignment, prefillAmount, type PartDraft } from './cash-application';
import type { AssignResult, BankEntry } from './payments.types';

const SEARCH_PAGE_SIZE = 10;

function caseSearchPath(query: string): string | null {
  const q = query.trim();
  if (!q) return null;
  return `/cases?${new URLSearchParams({ q, pageSize: String(SEARCH_PAGE_SIZE) }).toString()}`;
}

function CaseResults({
  query,
  currency,
  chosen,
  onPick,
}: {
  query: string;
  currency: string;
  chosen: ReadonlySet<string>;
  onPick: (found: CaseSummary) => void;
}) {
  const { t } = useI18n();
  const remote = useApi<CaseList>(caseSearchPath(query), { keepPrevious: true });
  if (!query.trim()) return null;
  if (remote.status === 'error') {
    return (
      <p className="form-error" role="alert">
        {errorMessage(remote.error, t)}
      </p>
    );
  }
  if (!remote.data) return <p className="muted small">{t('manual.searching')}</p>;
  if (remote.data.items.length === 0) {
    return (
      <p className="muted small" data-testid="manual-case-empty">
        {t('manual.noResults')}
      </p>
    );
  }
  return (
    <ul className={remote.status === 'loading' ? 'case-results stale' : 'case-results'}>
      {remote.data.items.map((found) => {
        const otherCurrency = found.currency !== currency;
        const added = chosen.has(found.id);
        return (
          <li key={found.id}>
            <button
              type="button"
              className="case-result"
              data-testid="manual-case-result"
              data-case-id={found.id}
              disabled={otherCurrency || added}
              onClick={() => onPick(found)}
            >
              <span className="mono case-result-number">{found.number}</span>
              <span className="case-result-debtor">{found.debtor?.name ?? t('case.noCustomer')}</span>
              <span className="case-result-balance">
                <Amount money={found.balance} />
              </span>
              <span className="case-result-action">
                {otherCurrency
                  ? t('manual.otherCurrency', { currency: found.currency })
                  : added
                    ? t('manual.added')
                    : t('manual.add')}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * D4: assign an entry by hand, to one case or split across several. The remaining amount is
 * recomputed exactly on every keystroke; each part is allocated on its case by the waterfall.
 */
export function ManualAssign({
  entry,
  onAssigned,
}: {
  entry: BankEntry;
  onAssigned: (message: string) => void;
}) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const currency = entry.unassigned.currency;
  const [query, setQuery] = useState('');
  const debouncedQuery = useDebouncedValue(query);
  const [parts, setParts] = useState<PartDraft[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nextKey = useRef(0);

  const inputs = parts.map((part) => part.input);
  const check = checkSplit(entry.unassigned, inputs);

  const addPart = (found: CaseSummary) => {
    nextKey.current += 1;
    const part: PartDraft = {
      key: String(nextKey.current),
      caseId: found.id,
      caseNumber: found.number,
      debtorName: found.debtor?.name ?? null,
      input: prefillAmount(check.remaining, locale),
    };
    setParts((current) => [...current, part]);
    setError(null);
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting || check.status !== 'ok') return;
    setSubmitting(true);
    setError(null);
    try {
      await apiPost<AssignResult>(
        `/bank-entries/${encodeURIComponent(entry.id)}/assign`,
        manualAssignment(parts, check, currency),
      );
      const described = parts.map(
        (part, i) => `${part.caseNumber} (${fmt.money({ amount: check.amounts[i] ?? '0', currency })})`,
      );
      setParts([]);
      setQuery('');
      onAssigned(t('queue.assigned', { parts: new Intl.ListFormat(locale).format(described) }));
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      className="manual-assign"
      data-testid="manual-assign"
      aria-label={t('manual.title')}
      onSubmit={(event) => void onSubmit(event)}
    >
      <label className="field field-search">
        <span className="field-label">{t('manual.search')}</span>
        <input
          type="search"
          data-testid="manual-case-search"
          value={query}
          placeholder={t('manual.searchPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.preventDefault(); // Enter searches; it never submits the split
          }}
        />
      </label>
      <CaseResults
        query={debouncedQuery}
        currency={currency}
        chosen={new Set(parts.map((part) => part.caseId))}
        onPick={addPart}
      />

      <h4>{t('manual.parts')}</h4>
      {parts.length === 0 ? (
        <p className="muted small">{t('manual.noParts')}</p>
      ) : (
        <table className="table manual-parts">
          <thead>
            <tr>
              <th>{t('manual.case')}</th>
              <th>{t('manual.amount', { currency })}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {parts.map((part, i) => (
              <tr key={part.key} data-testid="manual-part" data-case-id={part.caseId}>
                <td>
                  <Link to={caseHref(part.caseId)} className="mono">
                    {part.caseNumber}
                  </Link>
                  {part.debtorName && <span className="muted"> · {part.debtorName}</span>}
                </td>
                <td>
                  <input
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    className={check.amounts[i] === null ? 'input-invalid' : undefined}
                    aria-invalid={check.amounts[i] === null}
                    aria-label={t('manual.amount', { currency })}
                    data-testid="manual-part-amount"
                    value={part.input}
                    onChange={(event) => {
                      const input = event.target.value;
                      setParts((current) => current.map((p) => (p.key === part.key ? { ...p, input } : p)));
                    }}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-link"
                    data-testid="manual-part-remove"
                    onClick={() => setParts((current) => current.filter((p) => p.key !== part.key))}
                  >
                    {t('manual.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <p className="manual-remaining" aria-live="polite">
        <span className="muted">{t('manual.remaining')}</span>{' '}
        <strong
          className={check.status === 'over' ? 'manual-remaining-over' : undefined}
          data-testid="manual-remaining"
          data-amount={check.remaining.amount}
          data-status={check.status}
        >
          <Amount money={check.remaining} />
        </strong>
      </p>
      {check.status === 'over' && (
        <p className="form-error" data-testid="manual-split-error">
          {t('manual.over', {
            amount: fmt.money({ amount: check.remaining.amount.replace(/^-/, ''), currency }),
          })}
        </p>
      )}
      {check.status === 'invalid' && (
        <p className="form-error" data-testid="manual-split-error">
          {t('manual.invalid')}
        </p>
      )}
      <p className="muted small">{t('manual.waterfall')}</p>
      <div className="note-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="manual-assign-submit"
          disabled={submitting || check.status !== 'ok'}
        >
          {submitting ? t('manual.submitting') : t('manual.submit')}
        </button>
        {error && (
          <span className="form-error" role="alert" data-testid="manual-assign-error">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
