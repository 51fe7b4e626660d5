import { useState } from 'react';
import { useApi } from '../api/use-api';
import { useFormat, useI18n, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { bankEntriesPath } from './payments.params';
import type { BankEntryList } from './payments.types';
import { QueueEntry } from './queue-entry';

function QueueTotals({ totals }: { totals: BankEntryList['totals'] }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const plural = new Intl.PluralRules(locale);
  if (totals.length === 0) return null;
  return (
    <dl className="queue-totals" data-testid="queue-totals" aria-label={t('queue.totals')}>
      {totals.map((total) => (
        <div
          key={total.currency}
          className="queue-total"
          data-testid="queue-total"
          data-currency={total.currency}
        >
          <dt>{total.currency}</dt>
          <dd>
            <strong data-testid="queue-total-unassigned" data-amount={total.unassigned.amount}>
              {t('queue.toAssign', { amount: fmt.money(total.unassigned) })}
            </strong>
            <span className="muted" data-testid="queue-total-entries" data-count={total.entries}>
              {' · '}
              {t(plural.select(total.entries) === 'one' ? 'queue.entries.one' : 'queue.entries.other', {
                count: fmt.integer(total.entries),
              })}
            </span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** D6: the credits waiting to be assigned, with the matcher's suggestions and manual assignment. */
export function PaymentQueuePage() {
  const t = useT();
  const remote = useApi<BankEntryList>(bankEntriesPath('open'), { keepPrevious: true });
  const [message, setMessage] = useState<string | null>(null);
  useDocumentTitle(t('queue.title'));

  const entries = remote.data?.items ?? [];
  return (
    <div className="payment-queue" data-testid="payment-queue" aria-busy={remote.status === 'loading'}>
      <div className="page-header">
        <h1>{t('queue.title')}</h1>
      </div>
      <p className="muted intro">{t('queue.intro')}</p>
      {remote.data && <QueueTotals totals={remote.data.totals} />}
      {message && (
        <p className="form-success queue-message" role="status" data-testid="queue-success">
          {message}
        </p>
      )}
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {!remote.data && remote.status === 'loading' && <Loading />}
      {remote.data && entries.length === 0 && (
        <EmptyState>
          <span data-testid="queue-empty">{t('queue.empty')}</span>
        </EmptyState>
      )}
      <div className={remote.status === 'loading' && remote.data ? 'queue-entries stale' : 'queue-entries'}>
        {entries.map((entry) => (
          <QueueEntry
            key={entry.id}
            entry={entry}
            onAssigned={(text) => {
              setMessage(text);
              remote.reload();
            }}
          />
        ))}
      </div>
    </div>
  );
}
