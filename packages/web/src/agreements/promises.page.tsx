import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { formatShare } from '../dunning/dunning.labels';
import { useFormat, useI18n, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { channelName, promiseStatusName } from './agreements.labels';
import {
  caseHref,
  PROMISE_STATUSES,
  queryString,
  type KeptRateRow,
  type PromiseDto,
} from './agreements.types';
import { MoneyText, StatusBadge } from './agreements-ui';

function KeptRateTable({ by }: { by: 'collector' | 'portfolio' }) {
  const t = useT();
  const { locale } = useI18n();
  const rates = useApi<{ rows: KeptRateRow[] }>(`/promises/kept-rate?by=${by}`);
  const rows = rates.data?.rows ?? [];
  return (
    <section className="card" aria-labelledby={`kept-rate-${by}`}>
      <h2 id={`kept-rate-${by}`}>
        {t(by === 'collector' ? 'agreements.promises.byCollector' : 'agreements.promises.byPortfolio')}
      </h2>
      {rates.status === 'error' && <ErrorState error={rates.error} onRetry={rates.reload} />}
      {!rates.data && rates.status === 'loading' && <Loading />}
      {rates.data && rows.length === 0 && <p className="muted small">{t('agreements.promises.noRows')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid={`kept-rate-${by}`}>
            <thead>
              <tr>
                <th>{t('agreements.promises.key')}</th>
                <th className="num">{t('agreements.promises.made')}</th>
                <th className="num">{t('agreements.promises.kept')}</th>
                <th className="num">{t('agreements.promises.partlyKept')}</th>
                <th className="num">{t('agreements.promises.broken')}</th>
                <th className="num">{t('agreements.promises.open')}</th>
                <th className="num">{t('agreements.promises.rate')}</th>
                <th className="num">{t('agreements.promises.promised')}</th>
                <th className="num">{t('agreements.promises.collected')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.key}|${row.currency}`} data-testid="kept-rate-row" data-key={row.key}>
                  <td>{row.key}</td>
                  <td className="num">{row.made}</td>
                  <td className="num">{row.kept}</td>
                  <td className="num">{row.partlyKept}</td>
                  <td className="num">{row.broken}</td>
                  <td className="num">{row.open}</td>
                  <td className="num" data-testid="kept-rate" data-rate={row.keptRate ?? ''}>
                    {row.keptRate === null ? t('agreements.none') : formatShare(row.keptRate, locale)}
                  </td>
                  <td className="num">
                    <MoneyText amount={row.promised} currency={row.currency} />
                  </td>
                  <td className="num">
                    <MoneyText amount={row.collected} currency={row.currency} />
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

/** D9: every promise to pay, by status and collector, and how often promises are kept. */
export function PromisesPage() {
  const t = useT();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const takenBy = params.get('takenBy') ?? '';
  const [takenByInput, setTakenByInput] = useState(takenBy);
  const promises = useApi<{ items: PromiseDto[] }>(`/promises${queryString({ status, takenBy })}`, {
    keepPrevious: true,
  });
  const rows = promises.data?.items ?? [];

  const update = (next: { status?: string; takenBy?: string }) => {
    const merged = { status, takenBy, ...next };
    const search = new URLSearchParams();
    if (merged.status) search.set('status', merged.status);
    if (merged.takenBy) search.set('takenBy', merged.takenBy);
    setParams(search);
  };
  const applyTakenBy = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ takenBy: takenByInput.trim() });
  };

  return (
    <div className="agr-section" data-testid="promises-page">
      <div className="page-header">
        <h1>{t('agreements.promises.title')}</h1>
      </div>
      <form className="filters" onSubmit={applyTakenBy}>
        <label className="field">
          <span className="field-label">{t('agreements.promises.status')}</span>
          <select
            data-testid="promises-status"
            value={status}
            onChange={(event) => update({ status: event.target.value })}
          >
            <option value="">{t('agreements.all')}</option>
            {PROMISE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {promiseStatusName(s, t)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('agreements.promises.takenBy')}</span>
          <input
            type="text"
            data-testid="promises-taken-by"
            value={takenByInput}
            onChange={(event) => setTakenByInput(event.target.value)}
          />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t('agreements.apply')}
          </button>
        </div>
      </form>
      {promises.status === 'error' && <ErrorState error={promises.error} onRetry={promises.reload} />}
      {!promises.data && promises.status === 'loading' && <Loading />}
      {promises.data && rows.length === 0 && <EmptyState>{t('agreements.promises.empty')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="promises">
            <thead>
              <tr>
                <th>{t('agreements.col.case')}</th>
                <th>{t('agreements.col.promisedFor')}</th>
                <th>{t('agreements.col.status')}</th>
                <th className="num">{t('agreements.col.amount')}</th>
                <th className="num">{t('agreements.col.paid')}</th>
                <th>{t('agreements.col.channel')}</th>
                <th>{t('agreements.col.invoices')}</th>
                <th>{t('agreements.col.takenBy')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((promise) => (
                <tr key={promise.id} data-testid="promise-row" data-status={promise.status}>
                  <td>
                    <Link to={caseHref(promise.caseId)} className="mono">
                      {promise.caseNumber}
                    </Link>
                    {promise.customer && <div className="small muted">{promise.customer}</div>}
                  </td>
                  <td className="nowrap">
                    {fmt.date(promise.promisedFor)}
                    {promise.graceDays > 0 && (
                      <span className="small muted">
                        {' '}
                        +{t('agreements.days', { days: promise.graceDays })}
                      </span>
                    )}
                  </td>
                  <td>
                    <StatusBadge kind="promise" status={promise.status} />
                  </td>
                  <td className="num">
                    <MoneyText amount={promise.amount} currency={promise.currency} />
                  </td>
                  <td className="num">
                    <MoneyText amount={promise.paid} currency={promise.currency} />
                  </td>
                  <td>{channelName(promise.channel, t)}</td>
                  <td className="mono small">{promise.invoices.join(', ')}</td>
                  <td className="small">
                    {promise.takenBy}
                    <div className="muted">{fmt.date(promise.takenOn)}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 className="agr-subtitle">{t('agreements.promises.keptRate')}</h2>
      <div className="agr-two-columns">
        <KeptRateTable by="collector" />
        <KeptRateTable by="portfolio" />
      </div>
    </div>
  );
}
