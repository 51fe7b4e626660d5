import type { MoneyDto } from '@quittance/api-contract';
import { useState, type FormEvent } from 'react';
import { useFormat, useT } from '../i18n/i18n-context';
import { compareDecimals, signOf } from '../lib/decimal';
import { Amount } from '../ui/amount';
import { isReversed, type PeriodFilter } from './ledger.params';

/** A debit or credit column: blank when there is nothing, as on a printed ledger. */
export function DebitCredit({ money }: { money: MoneyDto | null }) {
  if (!money || signOf(money.amount) === 0) return null;
  return <Amount money={money} />;
}

export function ValidationBadge({ validated }: { validated: boolean }) {
  const t = useT();
  return validated ? (
    <span className="badge badge-validated" data-testid="validated-badge">
      {t('entry.validated')}
    </span>
  ) : (
    <span className="badge badge-pending" data-testid="pending-badge">
      {t('entry.pending')}
    </span>
  );
}

/** "Balanced" when total debit equals total credit (compared exactly), "Out of balance" otherwise. */
export function BalanceCheck({ debit, credit }: { debit: MoneyDto; credit: MoneyDto }) {
  const t = useT();
  let balanced = false;
  try {
    balanced = debit.currency === credit.currency && compareDecimals(debit.amount, credit.amount) === 0;
  } catch {
    balanced = false;
  }
  return (
    <span
      className={balanced ? 'badge badge-validated' : 'badge badge-item-overdue'}
      data-testid="balance-check"
      data-balanced={balanced}
    >
      {balanced ? t('ledger.balanced') : t('ledger.unbalanced')}
    </span>
  );
}

/** "From 1 Jan 2026 to 31 Jan 2026", "Up to …", "All periods", plus the company if any. */
export function usePeriodCaption(filter: PeriodFilter): string {
  const t = useT();
  const fmt = useFormat();
  const { from, to } = filter;
  const period =
    from && to
      ? t('ledger.period.range', { from: fmt.date(from), to: fmt.date(to) })
      : from
        ? t('ledger.period.from', { from: fmt.date(from) })
        : to
          ? t('ledger.period.to', { to: fmt.date(to) })
          : t('ledger.period.all');
  return filter.company ? `${period} · ${t('ledger.company', { company: filter.company })}` : period;
}

/**
 * From / to / company filters. The form holds what is being typed; "Apply" writes it to the URL
 * (the parent's `onApply`). Remount it with a key on the URL to follow Back and Forward.
 */
export function PeriodFilters({
  filter,
  onApply,
  showPeriod = true,
}: {
  filter: PeriodFilter;
  onApply: (filter: PeriodFilter) => void;
  showPeriod?: boolean;
}) {
  const t = useT();
  const [from, setFrom] = useState(filter.from ?? '');
  const [to, setTo] = useState(filter.to ?? '');
  const [company, setCompany] = useState(filter.company ?? '');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply({
      from: showPeriod && from ? from : null,
      to: showPeriod && to ? to : null,
      company: company.trim() || null,
    });
  };
  const hasFilter = filter.from !== null || filter.to !== null || filter.company !== null;

  return (
    <form className="filters" role="search" aria-label={t('ledger.filters')} onSubmit={onSubmit}>
      {showPeriod && (
        <>
          <label className="field">
            <span className="field-label">{t('ledger.filter.from')}</span>
            <input
              type="date"
              data-testid="ledger-from"
              value={from}
              max={to || undefined}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('ledger.filter.to')}</span>
            <input
              type="date"
              data-testid="ledger-to"
              value={to}
              min={from || undefined}
              onChange={(event) => setTo(event.target.value)}
            />
          </label>
        </>
      )}
      <label className="field">
        <span className="field-label">{t('ledger.filter.company')}</span>
        <input
          type="text"
          data-testid="ledger-company"
          value={company}
          placeholder={t('ledger.filter.companyPlaceholder')}
          onChange={(event) => setCompany(event.target.value)}
        />
      </label>
      <div className="filter-actions">
        <button type="submit" className="button button-primary" data-testid="ledger-apply">
          {t('ledger.filter.apply')}
        </button>
        {hasFilter && (
          <button
            type="button"
            className="button button-link"
            onClick={() => onApply({ from: null, to: null, company: null })}
          >
            {t('ledger.filter.clear')}
          </button>
        )}
      </div>
      {isReversed(filter) && (
        <p className="form-error filter-warning" role="alert">
          {t('ledger.filter.reversed')}
        </p>
      )}
    </form>
  );
}
