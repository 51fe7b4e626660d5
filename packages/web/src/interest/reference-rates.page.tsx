import { useState, type FormEvent, type ReactNode } from 'react';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT, type Translate } from '../i18n/i18n-context';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { RatePercent } from './interest-periods';
import {
  checkRateInputs,
  groupRatesBySeries,
  isRateSeries,
  RATE_SERIES,
  REFERENCE_RATES_PATH,
  type RateInputs,
  type RateProblem,
  type ReferenceRate,
  type ReferenceRateList,
  type SeriesRates,
} from './reference-rates.params';

/** The series' human name in the UI language; an unknown series shows its code. */
function seriesName(series: string, t: Translate): string {
  return isRateSeries(series) ? t(`rates.series.${series}`) : series;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
    </label>
  );
}

const EMPTY_INPUTS: RateInputs = { series: 'ecb-mro', effectiveFrom: '', rate: '', source: '' };

type Feedback =
  | { kind: 'problem'; problem: RateProblem }
  | { kind: 'error'; error: unknown }
  | { kind: 'success'; rate: ReferenceRate }
  | null;

function RateForm({ onRecorded }: { onRecorded: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const [inputs, setInputs] = useState<RateInputs>(EMPTY_INPUTS);
  const [submitting, setSubmitting] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const set = (patch: Partial<RateInputs>) => setInputs((previous) => ({ ...previous, ...patch }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const checked = checkRateInputs(inputs);
    if (!checked.ok) return setFeedback({ kind: 'problem', problem: checked.problem });
    setSubmitting(true);
    setFeedback(null);
    try {
      await apiPost<ReferenceRate>(REFERENCE_RATES_PATH, checked.rate);
      setInputs((previous) => ({ ...EMPTY_INPUTS, series: previous.series }));
      setFeedback({ kind: 'success', rate: checked.rate });
      onRecorded();
    } catch (error) {
      setFeedback({ kind: 'error', error });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      className="filters rate-form"
      data-testid="rate-form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      aria-labelledby="rate-form-title"
    >
      <h2 id="rate-form-title" className="account-subtitle rate-form-title">
        {t('rates.add')}
      </h2>
      <Field label={t('rates.series')}>
        <select
          data-testid="rate-series"
          value={inputs.series}
          onChange={(event) => {
            if (isRateSeries(event.target.value)) set({ series: event.target.value });
          }}
        >
          {RATE_SERIES.map((series) => (
            <option key={series} value={series}>
              {seriesName(series, t)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('rates.from')}>
        <input
          type="date"
          data-testid="rate-from"
          value={inputs.effectiveFrom}
          onChange={(event) => set({ effectiveFrom: event.target.value })}
        />
      </Field>
      <Field label={t('rates.percent')}>
        <input
          type="text"
          inputMode="decimal"
          autoComplete="off"
          size={8}
          data-testid="rate-percent"
          value={inputs.rate}
          onChange={(event) => set({ rate: event.target.value })}
        />
      </Field>
      <Field label={t('rates.source')}>
        <input
          type="text"
          autoComplete="off"
          data-testid="rate-source"
          value={inputs.source}
          onChange={(event) => set({ source: event.target.value })}
        />
      </Field>
      <div className="filter-actions">
        <button
          type="submit"
          className="button button-primary"
          data-testid="rate-submit"
          disabled={submitting}
        >
          {submitting ? t('rates.submitting') : t('rates.submit')}
        </button>
      </div>
      {feedback?.kind === 'problem' && (
        <p className="form-error filter-warning" role="alert" data-testid="rate-error">
          {t(`rates.problem.${feedback.problem}`)}
        </p>
      )}
      {feedback?.kind === 'error' && (
        <div className="rate-feedback filter-warning" data-testid="rate-error">
          <ErrorState error={feedback.error} />
        </div>
      )}
      {feedback?.kind === 'success' && (
        <p className="form-success filter-warning" role="status" data-testid="rate-success">
          {t('rates.recorded', {
            series: seriesName(feedback.rate.series, t),
            date: fmt.date(feedback.rate.effectiveFrom),
            rate: fmt.percent(feedback.rate.ratePercent),
          })}
        </p>
      )}
    </form>
  );
}

function SeriesTable({ group }: { group: SeriesRates }) {
  const t = useT();
  const fmt = useFormat();
  const titleId = `rates-series-${group.series}`;
  return (
    <section
      className="card rates-series"
      data-testid="rates-series"
      data-series={group.series}
      aria-labelledby={titleId}
    >
      <h2 id={titleId} className="account-subtitle">
        {seriesName(group.series, t)}
      </h2>
      {group.knownThrough && (
        <p className="muted small" data-testid="rates-known-through" data-date={group.knownThrough}>
          {t('rates.knownThrough', { date: fmt.date(group.knownThrough) })}
        </p>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('rates.col.from')}</th>
              <th className="num">{t('rates.col.rate')}</th>
              <th>{t('rates.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {group.rates.length === 0 && (
              <tr>
                <td colSpan={3} className="muted empty-cell">
                  {t('rates.none')}
                </td>
              </tr>
            )}
            {group.rates.map((rate) => (
              <tr
                key={rate.effectiveFrom}
                data-testid="rate-row"
                data-from={rate.effectiveFrom}
                data-rate={rate.ratePercent}
              >
                <td className="nowrap">{fmt.date(rate.effectiveFrom)}</td>
                <td className="num nowrap">
                  <RatePercent rate={rate.ratePercent} />
                </td>
                <td>{rate.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** D2: the reference-rate tables, which an administrator extends as new rates are published. */
export function ReferenceRatesPage() {
  const t = useT();
  useDocumentTitle(t('rates.title'));
  const remote = useApi<ReferenceRateList>(REFERENCE_RATES_PATH);

  return (
    <>
      <div className="page-header">
        <h1>
          {t('interest.title')} · {t('rates.title')}
        </h1>
        <p className="intro muted">{t('rates.intro')}</p>
      </div>
      <RateForm onRecorded={remote.reload} />
      {remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {remote.status === 'loading' && !remote.data && <Loading />}
      {remote.data && (
        <div className={remote.status === 'loading' ? 'rates-tables stale' : 'rates-tables'}>
          {groupRatesBySeries(remote.data).map((group) => (
            <SeriesTable key={group.series} group={group} />
          ))}
        </div>
      )}
    </>
  );
}
