import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, apiPostBytes } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { errorMessage } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { matchRuleName } from './payments.labels';
import { PAYMENTS_QUEUE, statementImportPath } from './payments.params';
import type { StatementImportSummary } from './payments.types';

type CountKey = Exclude<keyof StatementImportSummary, 'format' | 'allocations'>;

// The counts of an import, in reading order: what the file held, then what became of it.
const COUNTS: readonly { key: CountKey; label: MessageKey }[] = [
  { key: 'statements', label: 'import.statements' },
  { key: 'entries', label: 'import.entries' },
  { key: 'imported', label: 'import.imported' },
  { key: 'duplicates', label: 'import.duplicates' },
  { key: 'matched', label: 'import.matched' },
  { key: 'partial', label: 'import.partial' },
  { key: 'unmatched', label: 'import.unmatched' },
  { key: 'movements', label: 'import.movements' },
];

function ImportSummary({ fileName, summary }: { fileName: string; summary: StatementImportSummary }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <section className="card" data-testid="statement-summary" aria-labelledby="statement-summary-title">
      <div className="card-header">
        <h2 id="statement-summary-title">{t('import.resultTitle', { file: fileName })}</h2>
      </div>
      <dl className="import-counts">
        <div className="import-count">
          <dt>{t('import.format')}</dt>
          <dd className="mono" data-testid="statement-format">
            {summary.format}
          </dd>
        </div>
        {COUNTS.map(({ key, label }) => (
          <div key={key} className={`import-count import-count-${key}`}>
            <dt>{t(label)}</dt>
            <dd data-testid={`statement-${key}`} data-value={summary[key]}>
              {fmt.integer(summary[key])}
            </dd>
          </div>
        ))}
      </dl>
      {summary.unmatched > 0 && (
        <p className="import-queue">
          {t('import.toQueue', { count: fmt.integer(summary.unmatched) })}{' '}
          <Link to={PAYMENTS_QUEUE} data-testid="statement-queue-link">
            {t('import.openQueue')}
          </Link>
        </p>
      )}
      <h3>{t('import.allocations')}</h3>
      {summary.allocations.length === 0 ? (
        <p className="muted">{t('import.noAllocations')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="statement-allocations">
            <thead>
              <tr>
                <th>{t('import.col.entry')}</th>
                <th>{t('import.col.invoice')}</th>
                <th className="num">{t('import.col.amount')}</th>
                <th>{t('import.col.rule')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.allocations.map((allocation, i) => (
                <tr key={`${allocation.entry}|${allocation.invoice}|${i}`} data-testid="statement-allocation">
                  <td className="mono small">{allocation.entry}</td>
                  <td className="mono">{allocation.invoice}</td>
                  <td className="num">
                    <Amount money={{ amount: allocation.amount, currency: allocation.currency }} />
                  </td>
                  <td data-rule={allocation.rule}>{matchRuleName(allocation.rule, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Why a file was refused: the problem's summary line, then every issue with its location. */
function ImportError({ error }: { error: unknown }) {
  const t = useT();
  const problem = error instanceof ApiError ? error.problem : null;
  const issues = problem?.issues ?? [];
  // The detail repeats the first issues line by line; with the full list below, its first line is enough.
  const message = errorMessage(error, t);
  const detail = issues.length > 0 ? (message.split('\n')[0] ?? message) : message;
  return (
    <div className="state state-error statement-error" role="alert" data-testid="statement-error">
      <strong>{t('import.failed')}</strong>
      <p className="pre-line">{detail}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue, i) => (
            <li key={i} data-testid="statement-issue">
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Outcome =
  | { kind: 'none' }
  | { kind: 'done'; fileName: string; summary: StatementImportSummary }
  | { kind: 'failed'; error: unknown };

/** D3: upload a bank statement; the server matches and allocates what it can and queues the rest. */
export function StatementImportPage() {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  useDocumentTitle(t('import.title'));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file || submitting) return;
    setSubmitting(true);
    setOutcome({ kind: 'none' });
    try {
      const bytes = await file.arrayBuffer();
      const summary = await apiPostBytes<StatementImportSummary>(statementImportPath(file.name), bytes);
      setOutcome({ kind: 'done', fileName: file.name, summary });
    } catch (error) {
      setOutcome({ kind: 'failed', error });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <div className="page-header">
        <h1>{t('import.title')}</h1>
      </div>
      <p className="muted intro">{t('import.intro')}</p>
      <form
        className="filters"
        data-testid="statement-import-form"
        onSubmit={(event) => void onSubmit(event)}
      >
        <label className="field">
          <span className="field-label">{t('import.file')}</span>
          <input
            type="file"
            data-testid="statement-file"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setOutcome({ kind: 'none' });
            }}
          />
        </label>
        <div className="filter-actions">
          <button
            type="submit"
            className="button button-primary"
            data-testid="statement-import-button"
            disabled={!file || submitting}
          >
            {submitting ? t('import.submitting') : t('import.submit')}
          </button>
        </div>
      </form>
      {outcome.kind === 'failed' && <ImportError error={outcome.error} />}
      {outcome.kind === 'done' && <ImportSummary fileName={outcome.fileName} summary={outcome.summary} />}
    </>
  );
}
