import type { VerificationReport } from '@quittance/api-contract';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { eventTypeName } from './ledger.labels';
import { entryHref, isIsoDate, parseAsOf, todayIso } from './ledger.params';
import { BalanceCheck } from './ledger-ui';

function entriesToValidate(report: VerificationReport): number {
  return report.journals.reduce((sum, journal) => sum + journal.entries, 0);
}

const BLOCKED_PREVIEW = 20;

function BlockedTable({ blocked }: { blocked: VerificationReport['blocked'] }) {
  const t = useT();
  const fmt = useFormat();
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? blocked : blocked.slice(0, BLOCKED_PREVIEW);
  return (
    <>
      <div className="table-wrap">
        <table className="table" data-testid="verification-blocked">
          <thead>
            <tr>
              <th>{t('ledger.col.date')}</th>
              <th>{t('ledger.col.case')}</th>
              <th>{t('ledger.col.event')}</th>
              <th>{t('ledger.col.label')}</th>
              <th>{t('ledger.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.entryId} data-testid="verification-blocked-row">
                <td className="nowrap">{fmt.date(row.entryDate)}</td>
                <td className="mono nowrap">{row.caseNumber}</td>
                <td>{eventTypeName(row.eventType, t)}</td>
                <td>
                  <Link to={entryHref(row.entryId)}>{row.label}</Link>
                </td>
                <td className="blocked-reason">{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length < blocked.length && (
        <p>
          <button type="button" className="button" onClick={() => setShowAll(true)}>
            {t('validation.showAllBlocked', { count: fmt.integer(blocked.length) })}
          </button>
        </p>
      )}
    </>
  );
}

/** A verification report: by journal with totals, then (unless `showBlocked` is off) what is blocked and why. */
function ReportView({
  report,
  testId,
  showBlocked = true,
}: {
  report: VerificationReport;
  testId: string;
  showBlocked?: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  const count = entriesToValidate(report);
  return (
    <div className="report" data-testid={testId} data-dry-run={report.dryRun}>
      <p className="report-counts">
        <span data-testid="report-count">
          {report.dryRun
            ? t('validation.toValidate', { count: fmt.integer(count) })
            : t('validation.done', { date: fmt.date(report.asOf), count: fmt.integer(report.validated) })}
        </span>
        <span className="muted">
          {' · '}
          {t('validation.blockedCount', { count: fmt.integer(report.blocked.length) })}
        </span>
      </p>

      <h3>{t('validation.journals')}</h3>
      {report.journals.length === 0 ? (
        <p className="muted">{t('validation.nothing')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="verification-journals">
            <thead>
              <tr>
                <th>{t('ledger.col.journal')}</th>
                <th>{t('ledger.col.label')}</th>
                <th className="num">{t('ledger.col.entries')}</th>
                <th className="num">{t('ledger.col.debit')}</th>
                <th className="num">{t('ledger.col.credit')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {report.journals.flatMap((journal) =>
                (journal.totals.length > 0 ? journal.totals : [null]).map((total, i) => (
                  <tr
                    key={`${journal.journal}|${total?.currency ?? ''}`}
                    data-testid="verification-journal"
                    data-journal={journal.journal}
                  >
                    <td className="mono">{i === 0 ? journal.journal : ''}</td>
                    <td>{i === 0 ? journal.label : ''}</td>
                    <td className="num">{i === 0 ? fmt.integer(journal.entries) : ''}</td>
                    <td className="num">{total && <Amount money={total.debit} />}</td>
                    <td className="num">{total && <Amount money={total.credit} />}</td>
                    <td>{total && <BalanceCheck debit={total.debit} credit={total.credit} />}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}

      {showBlocked && (
        <>
          <h3>{t('validation.blocked')}</h3>
          {report.blocked.length === 0 ? (
            <p className="muted">{t('validation.noBlocked')}</p>
          ) : (
            <BlockedTable blocked={report.blocked} />
          )}
        </>
      )}

      {report.pendingAfterAsOf > 0 && (
        <p className="muted small" data-testid="pending-after">
          {t('validation.pendingAfter', { count: fmt.integer(report.pendingAfterAsOf) })}
        </p>
      )}
    </div>
  );
}

function ValidationForDay({ asOf }: { asOf: string }) {
  const t = useT();
  const fmt = useFormat();
  const dryRun = useApi<VerificationReport>(`/ledger/verification?asOf=${encodeURIComponent(asOf)}`);
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<VerificationReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  const validate = async () => {
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      setResult(await apiPost<VerificationReport>('/ledger/validate', { asOf }));
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
      dryRun.reload(); // what is left to validate (blocked entries, later days)
    }
  };

  const ready = dryRun.data ? entriesToValidate(dryRun.data) : 0;
  return (
    <>
      {result && (
        <section className="card validation-result" aria-labelledby="validation-result-title">
          <h2 id="validation-result-title">{t('validation.result')}</h2>
          <ReportView report={result} testId="validation-result" showBlocked={false} />
        </section>
      )}
      {error !== null && <ErrorState error={error} />}
      <section className="card" aria-labelledby="verification-title">
        <div className="card-header">
          <h2 id="verification-title">{t('validation.dryRun', { date: fmt.date(asOf) })}</h2>
          <div className="validate-action">
            <button
              type="button"
              className="button button-primary"
              data-testid="validate-button"
              disabled={submitting || !dryRun.data || dryRun.status === 'loading' || ready === 0}
              onClick={() => void validate()}
            >
              {submitting ? t('validation.validating') : t('validation.validate')}
            </button>
            <span className="muted small">{t('validation.irreversible')}</span>
          </div>
        </div>
        {dryRun.status === 'error' && <ErrorState error={dryRun.error} onRetry={dryRun.reload} />}
        {!dryRun.data && dryRun.status === 'loading' && <Loading />}
        {dryRun.data && <ReportView report={dryRun.data} testId="verification-report" />}
      </section>
    </>
  );
}

/** E2: the daily verification report (a dry run) and the validation that numbers and posts. */
export function ValidationPage() {
  const t = useT();
  const [searchParams, setSearchParams] = useSearchParams();
  const today = useMemo(() => todayIso(), []);
  const asOf = parseAsOf(searchParams, today);
  useDocumentTitle(t('validation.title'));

  return (
    <>
      <div className="page-header">
        <h1>{t('validation.title')}</h1>
      </div>
      <p className="muted intro">{t('validation.intro')}</p>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span className="field-label">{t('validation.asOf')}</span>
          <input
            type="date"
            data-testid="validation-as-of"
            value={asOf}
            onChange={(event) => {
              const value = event.target.value;
              if (!isIsoDate(value)) return;
              setSearchParams(
                value === today ? new URLSearchParams() : new URLSearchParams({ asOf: value }),
                {
                  replace: true,
                },
              );
            }}
          />
        </label>
      </form>
      <ValidationForDay key={asOf} asOf={asOf} />
    </>
  );
}
