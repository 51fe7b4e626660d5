import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { caseHref, documentHref, type DirectDebitBatch, type PreparedBatch } from './agreements.types';
import { CommandError, Field, MoneyText } from './agreements-ui';
import { useCommand } from './use-command';

function FileLink({ documentId }: { documentId: string | null }) {
  const t = useT();
  if (!documentId) return <>{t('agreements.none')}</>;
  return (
    <a href={documentHref(documentId)} target="_blank" rel="noreferrer" data-testid="debit-file">
      {t('agreements.debits.download')}
    </a>
  );
}

/** D8: the SEPA direct-debit file (pain.008) of the installments falling due, and the files so far. */
export function DirectDebitsPage() {
  const t = useT();
  const fmt = useFormat();
  const batches = useApi<{ items: DirectDebitBatch[] }>('/direct-debits/batches');
  const [collectionDate, setCollectionDate] = useState('');
  const [prepared, setPrepared] = useState<PreparedBatch[] | null>(null);
  const command = useCommand();
  // SEPA direct debits are in euros: the files carry no other currency.
  const currency = 'EUR';

  const prepare = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPrepared(null);
    const result = await command.run<{ items: PreparedBatch[] }>(
      'prepare',
      '/direct-debits/batches',
      collectionDate ? { collectionDate } : {},
    );
    if (result?.data) {
      setPrepared(result.data.items);
      batches.reload();
    }
  };

  const rows = batches.data?.items ?? [];
  return (
    <div className="agr-section" data-testid="direct-debits-page">
      <div className="page-header">
        <h1>{t('agreements.debits.title')}</h1>
      </div>
      <form className="filters" onSubmit={(event) => void prepare(event)}>
        <Field label={t('agreements.debits.collectionDate')} optional>
          <input
            type="date"
            data-testid="debit-collection-date"
            value={collectionDate}
            onChange={(event) => setCollectionDate(event.target.value)}
          />
        </Field>
        <div className="filter-actions">
          <button
            type="submit"
            className="button button-primary"
            data-testid="debit-prepare"
            disabled={command.busy !== null}
          >
            {t('agreements.debits.prepare')}
          </button>
        </div>
      </form>
      {command.error && <CommandError error={command.error.error} />}
      {prepared && (
        <section className="card" data-testid="debit-prepared" data-files={prepared.length}>
          {prepared.length === 0 && (
            <p className="muted" role="status">
              {t('agreements.debits.nothing')}
            </p>
          )}
          {prepared.map((batch) => (
            <div key={batch.batchId} data-testid="debit-prepared-file" data-count={batch.count}>
              <p className="form-success" role="status">
                <strong>{batch.company}</strong> ·{' '}
                {t('agreements.debits.prepared', {
                  count: batch.count,
                  total: fmt.money({ amount: batch.total, currency }),
                })}{' '}
                <FileLink documentId={batch.documentId} />
              </p>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('agreements.debits.endToEnd')}</th>
                      <th>{t('agreements.col.case')}</th>
                      <th className="num">{t('agreements.debits.installment')}</th>
                      <th>{t('agreements.debits.sequence')}</th>
                      <th className="num">{t('agreements.col.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {batch.transactions.map((tx) => (
                      <tr key={tx.endToEndId} data-testid="debit-transaction">
                        <td className="mono small">{tx.endToEndId}</td>
                        <td>
                          <Link to={caseHref(tx.caseId)} className="mono">
                            {tx.caseNumber}
                          </Link>
                        </td>
                        <td className="num">{tx.installment}</td>
                        <td className="mono">{tx.sequenceType}</td>
                        <td className="num">
                          <MoneyText amount={tx.amount} currency={currency} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ))}
        </section>
      )}

      <h2 className="agr-subtitle">{t('agreements.debits.batches')}</h2>
      {batches.status === 'error' && <ErrorState error={batches.error} onRetry={batches.reload} />}
      {!batches.data && batches.status === 'loading' && <Loading />}
      {batches.data && rows.length === 0 && <EmptyState>{t('agreements.debits.noBatches')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="debit-batches">
            <thead>
              <tr>
                <th>{t('agreements.debits.createdOn')}</th>
                <th>{t('agreements.debits.collectionDate')}</th>
                <th>{t('agreements.debits.messageId')}</th>
                <th className="num">{t('agreements.debits.count')}</th>
                <th className="num">{t('agreements.col.total')}</th>
                <th>{t('agreements.debits.file')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((batch) => (
                <tr key={batch.batchId} data-testid="debit-batch">
                  <td className="nowrap">{fmt.dateTime(batch.createdOn)}</td>
                  <td className="nowrap">{fmt.date(batch.collectionDate)}</td>
                  <td className="mono small">{batch.messageId}</td>
                  <td className="num">{batch.count}</td>
                  <td className="num">
                    <MoneyText amount={batch.total} currency={currency} />
                  </td>
                  <td>
                    <FileLink documentId={batch.documentId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
