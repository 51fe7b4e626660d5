import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { isIsoDate, todayIso } from '../ledger/ledger.params';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { ActionStatusBadge, ChannelCell, DocumentLink } from './action-cells';
import { levelName } from './dunning.labels';
import {
  dayActionsPath,
  documentHref,
  type DeliveryReport,
  type DunningAction,
  type DunningActionList,
  type PrintBatch,
  type RunReport,
} from './dunning.types';
import { countByStatus, withCurrentStatus } from './run-model';
import { VariantsSection } from './variants-section';

const caseHref = (caseId: string) => `/app/cases/${encodeURIComponent(caseId)}`;

function PrintBatchLink({ batch }: { batch: PrintBatch }) {
  const t = useT();
  return (
    <a
      href={documentHref(batch.documentId)}
      target="_blank"
      rel="noreferrer"
      className="button"
      data-testid="print-batch"
      data-letters={batch.letters}
    >
      {t('dunning.run.printBatch', { count: batch.letters })}
    </a>
  );
}

function StatusCounts({ counts }: { counts: ReadonlyMap<string, number> }) {
  return (
    <span className="badges" data-testid="status-counts">
      {[...counts.entries()].map(([status, count]) => (
        <span key={status} className="nowrap">
          <ActionStatusBadge status={status} /> {count}
        </span>
      ))}
    </span>
  );
}

/** What the run prepared, with each action's status now (once sent) and its document. */
function PreparedTable({ report, day }: { report: RunReport; day: readonly DunningAction[] }) {
  const t = useT();
  const rows = useMemo(() => withCurrentStatus(report.actions, day), [report.actions, day]);
  return (
    <section
      className="card"
      data-testid="run-report"
      data-actions={rows.length}
      aria-labelledby="prepared-title"
    >
      <h2 id="prepared-title">
        {t('dunning.run.prepared')}{' '}
        <span className="muted small">
          {t('dunning.run.evaluated', { cases: report.casesEvaluated, actions: rows.length })}
        </span>
      </h2>
      {report.warnings.length > 0 && (
        <ul className="filter-warning small" data-testid="run-warnings">
          {report.warnings.map((warning, i) => (
            <li key={i}>{warning}</li>
          ))}
        </ul>
      )}
      {rows.length === 0 ? (
        <p className="muted" data-testid="run-nothing">
          {t('dunning.run.nothing')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('dunning.col.case')}</th>
                <th>{t('dunning.col.customer')}</th>
                <th>{t('dunning.col.strategy')}</th>
                <th>{t('dunning.col.step')}</th>
                <th>{t('dunning.col.channel')}</th>
                <th>{t('dunning.col.status')}</th>
                <th>{t('dunning.col.invoices')}</th>
                <th>{t('dunning.col.reason')}</th>
                <th>{t('dunning.col.document')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ action, status, documentId, reason }, i) => (
                <tr
                  key={`${action.caseId}/${action.step}/${action.channel}/${i}`}
                  data-testid="run-action"
                  data-case={action.case}
                  data-channel={action.channel}
                  data-status={status}
                >
                  <td className="nowrap">
                    <Link to={caseHref(action.caseId)} className="mono" data-testid="run-case-link">
                      {action.case}
                    </Link>
                  </td>
                  <td className="mono">{action.customer ?? ''}</td>
                  <td className="mono small">{action.strategy}</td>
                  <td className="mono">{action.step}</td>
                  <td>
                    <ChannelCell channel={action.channel} />
                  </td>
                  <td>
                    <ActionStatusBadge status={status} />
                  </td>
                  <td className="mono small">{action.invoices.join(', ')}</td>
                  <td className="small">{reason ?? ''}</td>
                  <td>
                    <DocumentLink documentId={documentId} channel={action.channel} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** Every action of the day (C13), whichever run or timer recorded it. */
function DayActions({ items }: { items: readonly DunningAction[] }) {
  const t = useT();
  const fmt = useFormat();
  if (items.length === 0)
    return (
      <p className="muted" data-testid="day-actions-empty">
        {t('dunning.run.dayEmpty')}
      </p>
    );
  return (
    <div className="table-wrap">
      <table className="table" data-testid="day-actions">
        <thead>
          <tr>
            <th>{t('dunning.col.case')}</th>
            <th>{t('dunning.col.customer')}</th>
            <th>{t('dunning.col.strategy')}</th>
            <th>{t('dunning.col.step')}</th>
            <th>{t('dunning.col.channel')}</th>
            <th>{t('dunning.col.status')}</th>
            <th>{t('dunning.col.invoices')}</th>
            <th className="num">{t('dunning.col.total')}</th>
            <th className="num">{t('dunning.col.cost')}</th>
            <th>{t('dunning.col.reason')}</th>
            <th>{t('dunning.col.document')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((action) => (
            <tr
              key={action.id}
              data-testid="day-action"
              data-case={action.caseNumber}
              data-channel={action.channel}
              data-status={action.status}
            >
              <td className="nowrap">
                <Link to={caseHref(action.caseId)} className="mono">
                  {action.caseNumber}
                </Link>
              </td>
              <td className="mono">{action.customer ?? ''}</td>
              <td className="mono small">
                {action.strategy}
                {action.variant && action.variant !== action.strategy && (
                  <span className="muted"> ({action.variant})</span>
                )}
              </td>
              <td>
                <span className="mono">{action.stepId}</span>
                {action.level !== action.stepId && (
                  <span className="muted small"> {levelName(action.level, t)}</span>
                )}
              </td>
              <td>
                <ChannelCell channel={action.channel} />
              </td>
              <td>
                <ActionStatusBadge status={action.status} />
              </td>
              <td className="mono small">{action.invoices.join(', ')}</td>
              <td className="num nowrap">
                {action.total !== null && fmt.money({ amount: action.total, currency: action.currency })}
              </td>
              <td className="num nowrap mono small">{action.cost ?? ''}</td>
              <td className="small">
                {action.reason ?? ''}
                {action.postponedUntil && (
                  <span className="muted">
                    {' '}
                    {t('dunning.run.until', { until: fmt.dateTime(action.postponedUntil) })}
                  </span>
                )}
              </td>
              <td>
                <DocumentLink documentId={action.documentId} channel={action.channel} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** `/app/dunning`: prepare the day's run, review it, send it (C6, C12, C13); champion/challenger (C2). */
export function DunningRunPage() {
  const t = useT();
  const fmt = useFormat();
  useDocumentTitle(t('dunning.run.title'));
  const [params, setParams] = useSearchParams();
  const requested = params.get('date');
  const date = requested && isIsoDate(requested) ? requested : todayIso();
  const day = useApi<DunningActionList>(dayActionsPath(date));
  const [report, setReport] = useState<RunReport | null>(null);
  const [delivery, setDelivery] = useState<DeliveryReport | null>(null);
  const [busy, setBusy] = useState<'prepare' | 'send' | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Each run or delivery changes the outcomes the variants are compared on.
  const [revision, setRevision] = useState(0);
  const items = useMemo(() => day.data?.items ?? [], [day.data]);
  const counts = useMemo(() => countByStatus(items), [items]);
  const pending = counts.get('requested') ?? 0;

  const setDate = (next: string) => {
    setReport(null);
    setDelivery(null);
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next === todayIso()) copy.delete('date');
        else copy.set('date', next);
        return copy;
      },
      { replace: true },
    );
  };

  const act = async (kind: 'prepare' | 'send') => {
    if (busy) return;
    setBusy(kind);
    setError(null);
    try {
      const asOf = `asOf=${encodeURIComponent(date)}`;
      if (kind === 'prepare') {
        setDelivery(null);
        setReport(await apiPost<RunReport>(`/dunning/runs?${asOf}`, { deliver: false }));
      } else {
        setDelivery(await apiPost<DeliveryReport>(`/dunning/deliveries?${asOf}`, {}));
      }
      day.reload();
      setRevision((r) => r + 1);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="dunning-run" data-testid="dunning-run">
      <div className="page-header">
        <div>
          <h1>{t('dunning.run.title')}</h1>
          <p className="intro muted">{t('dunning.run.intro')}</p>
        </div>
      </div>

      <section className="card dunning-run-controls" aria-label={t('dunning.run.controls')}>
        <label className="field">
          <span className="field-label">{t('dunning.run.date')}</span>
          <input
            type="date"
            data-testid="run-date"
            value={date}
            onChange={(event) => {
              if (isIsoDate(event.target.value)) setDate(event.target.value);
            }}
          />
        </label>
        <button
          type="button"
          className="button button-primary"
          data-testid="run-prepare"
          disabled={busy !== null}
          onClick={() => void act('prepare')}
        >
          {busy === 'prepare' ? t('dunning.run.preparing') : t('dunning.run.prepare')}
        </button>
        <button
          type="button"
          className="button button-primary"
          data-testid="run-send"
          disabled={busy !== null || pending === 0}
          title={pending === 0 ? t('dunning.run.nothingToSend') : undefined}
          onClick={() => void act('send')}
        >
          {busy === 'send' ? t('dunning.run.sending') : t('dunning.run.send', { count: pending })}
        </button>
        <p className="muted small">{t('dunning.run.explain')}</p>
      </section>

      {error !== null && <ErrorState error={error} />}

      {delivery && (
        <section
          className="card form-success dunning-delivery"
          role="status"
          data-testid="delivery-report"
          data-sent={delivery.sent}
          data-failed={delivery.failed}
          data-printed={delivery.printed}
        >
          <strong>{t('dunning.run.delivered')}</strong>{' '}
          {t('dunning.run.deliveryCounts', {
            sent: delivery.sent,
            failed: delivery.failed,
            printed: delivery.printed,
          })}{' '}
          {delivery.printBatch && <PrintBatchLink batch={delivery.printBatch} />}
        </section>
      )}
      {report?.printBatch && !delivery && (
        <p>
          <PrintBatchLink batch={report.printBatch} />
        </p>
      )}

      {report && <PreparedTable report={report} day={items} />}

      <section className="card" aria-labelledby="day-title" data-testid="day">
        <h2 id="day-title">
          {t('dunning.run.day', { date: fmt.date(date) })} <StatusCounts counts={counts} />
        </h2>
        {day.status === 'error' && <ErrorState error={day.error} onRetry={day.reload} />}
        {!day.data && day.status === 'loading' && <Loading />}
        {day.data && <DayActions items={items} />}
      </section>

      <VariantsSection key={revision} />
    </div>
  );
}
