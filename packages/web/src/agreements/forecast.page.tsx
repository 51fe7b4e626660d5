import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { apiPut } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useI18n, useT } from '../i18n/i18n-context';
import { currencyDecimals, parseAmountInput } from '../lib/amount-input';
import { signOf } from '../lib/decimal';
import { EmptyState, ErrorState, errorMessage, Loading } from '../ui/states';
import { queryString, type CashObjective, type Forecast } from './agreements.types';
import { Field, MoneyText } from './agreements-ui';
import { chartGeometry, FORECAST_SERIES } from './forecast-model';

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 10, right: 10, bottom: 28, left: 72 };

function formatMonth(month: string, locale: string): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, m - 1, 1)),
  );
}

/** The weekly forecast as stacked bars in plain SVG; each bar is named for screen readers. */
function ForecastChart({ forecast }: { forecast: Forecast }) {
  const t = useT();
  const fmt = useFormat();
  const { locale } = useI18n();
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const geometry = chartGeometry(forecast.weeks, plotWidth, plotHeight);
  const money = (amount: string) => fmt.money({ amount, currency: forecast.currency });
  const axis = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const shortDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <figure className="agr-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="forecast-chart-title"
        data-testid="forecast-chart"
      >
        <title id="forecast-chart-title">{t('agreements.forecast.chart')}</title>
        <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
          {geometry.ticks.map((tick) => {
            const y = plotHeight - (tick / geometry.max) * plotHeight;
            return (
              <g key={tick} className="agr-chart-tick" aria-hidden="true">
                <line x1={0} x2={plotWidth} y1={y} y2={y} />
                <text x={-6} y={y} dy="0.32em" textAnchor="end">
                  {axis.format(tick)}
                </text>
              </g>
            );
          })}
          {geometry.bars.map((bar) => {
            const [y, m, d] = bar.week.weekStart.split('-').map(Number);
            const label = t('agreements.forecast.bar', {
              week: fmt.date(bar.week.weekStart),
              total: money(bar.week.total),
              promises: money(bar.week.promises),
              installments: money(bar.week.installments),
              habits: money(bar.week.habits),
            });
            return (
              <g
                key={bar.week.weekStart}
                role="img"
                aria-label={label}
                data-testid="forecast-bar"
                data-week={bar.week.weekStart}
              >
                <title>{label}</title>
                {bar.segments.map((segment) => (
                  <rect
                    key={segment.series}
                    className={`agr-series-${segment.series}`}
                    x={bar.x}
                    y={segment.y}
                    width={bar.width}
                    height={segment.height}
                    data-series={segment.series}
                    data-amount={segment.amount}
                  />
                ))}
                <text
                  className="agr-chart-label"
                  x={bar.x + bar.width / 2}
                  y={plotHeight + 16}
                  textAnchor="middle"
                  aria-hidden="true"
                >
                  {y && m && d ? shortDate.format(new Date(Date.UTC(y, m - 1, d))) : bar.week.weekStart}
                </text>
              </g>
            );
          })}
          <line className="agr-chart-axis" x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} />
        </g>
      </svg>
      <figcaption className="agr-legend">
        {FORECAST_SERIES.map((series) => (
          <span key={series} className="agr-legend-item">
            <span className={`agr-swatch agr-series-${series}`} aria-hidden="true" />
            {t(`agreements.forecast.series.${series}`)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function ObjectiveForm({
  defaults,
  onSaved,
}: {
  defaults: { company: string; portfolio: string; currency: string; month: string };
  onSaved: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ ...defaults, amount: '' });
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const amount = parseAmountInput(form.amount, currencyDecimals(form.currency));
  const ready = form.company.trim() !== '' && /^\d{4}-\d{2}$/.test(form.month) && amount !== null;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!ready || amount === null) return;
    setSaving(true);
    setMessage(null);
    try {
      await apiPut('/cash-objectives', {
        company: form.company.trim(),
        portfolio: form.portfolio.trim() || null,
        month: form.month,
        amount,
        currency: form.currency.trim().toUpperCase(),
      });
      setMessage({ ok: true, text: t('agreements.forecast.saved') });
      onSaved();
    } catch (caught) {
      setMessage({ ok: false, text: errorMessage(caught, t) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className="agr-form" data-testid="objective-form" onSubmit={(event) => void submit(event)}>
      <div className="agr-form-grid">
        <Field label={t('agreements.forecast.company')}>
          <input
            type="text"
            data-testid="objective-company"
            value={form.company}
            onChange={(event) => setForm({ ...form, company: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.portfolio')} optional>
          <input
            type="text"
            data-testid="objective-portfolio"
            value={form.portfolio}
            onChange={(event) => setForm({ ...form, portfolio: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.month')}>
          <input
            type="month"
            data-testid="objective-month"
            value={form.month}
            onChange={(event) => setForm({ ...form, month: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.amount')}>
          <input
            type="text"
            inputMode="decimal"
            data-testid="objective-amount"
            value={form.amount}
            onChange={(event) => setForm({ ...form, amount: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.currency')}>
          <input
            type="text"
            maxLength={3}
            className="mono"
            data-testid="objective-currency"
            value={form.currency}
            onChange={(event) => setForm({ ...form, currency: event.target.value })}
          />
        </Field>
      </div>
      <button type="submit" className="button" data-testid="objective-save" disabled={!ready || saving}>
        {t('agreements.forecast.save')}
      </button>
      {message && (
        <p className={message.ok ? 'form-success' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

/** D9: cash expected week by week from promises, installments and payment habits; monthly objectives. */
export function ForecastPage() {
  const t = useT();
  const fmt = useFormat();
  const { locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const weeks = params.get('weeks') ?? '13';
  const company = params.get('company') ?? '';
  const portfolio = params.get('portfolio') ?? '';
  const currency = params.get('currency') ?? '';
  const [filter, setFilter] = useState({ weeks, company, portfolio, currency });
  const forecast = useApi<Forecast>(`/forecast${queryString({ weeks, company, portfolio, currency })}`, {
    keepPrevious: true,
  });
  const objectives = useApi<{ items: CashObjective[] }>('/cash-objectives');
  const reloadAll = () => {
    forecast.reload();
    objectives.reload();
  };
  const data = forecast.data;
  const empty = data
    ? data.weeks.every((w) => [w.total, ...FORECAST_SERIES.map((s) => w[s])].every((a) => signOf(a) === 0))
    : false;

  return (
    <div className="agr-section" data-testid="forecast-page">
      <div className="page-header">
        <h1>{t('agreements.forecast.title')}</h1>
        {data && (
          <p className="page-header-meta muted">
            {t('agreements.forecast.asOf', { date: fmt.date(data.asOf), currency: data.currency })}
          </p>
        )}
      </div>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          const search = new URLSearchParams();
          for (const [key, value] of Object.entries(filter)) if (value.trim()) search.set(key, value.trim());
          setParams(search);
        }}
      >
        <Field label={t('agreements.forecast.weeks')}>
          <input
            type="number"
            min={1}
            max={52}
            data-testid="forecast-weeks"
            value={filter.weeks}
            onChange={(event) => setFilter({ ...filter, weeks: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.company')} optional>
          <input
            type="text"
            data-testid="forecast-company"
            value={filter.company}
            onChange={(event) => setFilter({ ...filter, company: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.portfolio')} optional>
          <input
            type="text"
            data-testid="forecast-portfolio"
            value={filter.portfolio}
            onChange={(event) => setFilter({ ...filter, portfolio: event.target.value })}
          />
        </Field>
        <Field label={t('agreements.forecast.currency')} optional>
          <input
            type="text"
            maxLength={3}
            className="mono"
            data-testid="forecast-currency"
            value={filter.currency}
            onChange={(event) => setFilter({ ...filter, currency: event.target.value.toUpperCase() })}
          />
        </Field>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t('agreements.apply')}
          </button>
        </div>
      </form>

      {forecast.status === 'error' && <ErrorState error={forecast.error} onRetry={forecast.reload} />}
      {!data && forecast.status === 'loading' && <Loading />}
      {data && (
        <section className="card" aria-labelledby="forecast-weeks-title">
          <h2 id="forecast-weeks-title">{t('agreements.forecast.weeks')}</h2>
          {empty ? (
            <EmptyState>{t('agreements.forecast.empty')}</EmptyState>
          ) : (
            <ForecastChart forecast={data} />
          )}
          <div className="table-wrap">
            <table className="table" data-testid="forecast-weeks-table">
              <thead>
                <tr>
                  <th>{t('agreements.forecast.week')}</th>
                  <th className="num">{t('agreements.forecast.series.promises')}</th>
                  <th className="num">{t('agreements.forecast.series.installments')}</th>
                  <th className="num">{t('agreements.forecast.series.habits')}</th>
                  <th className="num">{t('agreements.forecast.total')}</th>
                </tr>
              </thead>
              <tbody>
                {data.weeks.map((week) => (
                  <tr key={week.weekStart} data-testid="forecast-week" data-week={week.weekStart}>
                    <td className="nowrap">{fmt.date(week.weekStart)}</td>
                    <td className="num">
                      <MoneyText amount={week.promises} currency={data.currency} />
                    </td>
                    <td className="num">
                      <MoneyText amount={week.installments} currency={data.currency} />
                    </td>
                    <td className="num">
                      <MoneyText amount={week.habits} currency={data.currency} />
                    </td>
                    <td className="num">
                      <strong>
                        <MoneyText amount={week.total} currency={data.currency} />
                      </strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {data && (
        <section className="card" aria-labelledby="forecast-months-title">
          <h2 id="forecast-months-title">{t('agreements.forecast.months')}</h2>
          <div className="table-wrap">
            <table className="table" data-testid="forecast-months">
              <thead>
                <tr>
                  <th>{t('agreements.forecast.month')}</th>
                  <th className="num">{t('agreements.forecast.forecast')}</th>
                  <th className="num">{t('agreements.forecast.objective')}</th>
                  <th className="num">{t('agreements.forecast.gap')}</th>
                </tr>
              </thead>
              <tbody>
                {data.months.map((month) => (
                  <tr key={month.month} data-testid="forecast-month" data-month={month.month}>
                    <td>{formatMonth(month.month, locale)}</td>
                    <td className="num">
                      <MoneyText amount={month.forecast} currency={data.currency} />
                    </td>
                    <td className="num">
                      {month.objective === null ? (
                        t('agreements.none')
                      ) : (
                        <MoneyText amount={month.objective} currency={data.currency} />
                      )}
                    </td>
                    <td
                      className={month.gap !== null && signOf(month.gap) < 0 ? 'num agr-gap-short' : 'num'}
                      data-testid="forecast-gap"
                      data-amount={month.gap ?? ''}
                    >
                      {month.gap === null ? (
                        t('agreements.none')
                      ) : (
                        <MoneyText amount={month.gap} currency={data.currency} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <section className="card" aria-labelledby="objective-title">
        <h2 id="objective-title">{t('agreements.forecast.setObjective')}</h2>
        <ObjectiveForm
          key={data ? 'loaded' : 'loading'}
          defaults={{
            company,
            portfolio,
            currency: data?.currency ?? 'EUR',
            month: (data?.months[0]?.month ?? data?.asOf.slice(0, 7)) || '',
          }}
          onSaved={reloadAll}
        />
        {(objectives.data?.items.length ?? 0) > 0 && (
          <>
            <h3 className="agr-subtitle">{t('agreements.forecast.objectives')}</h3>
            <div className="table-wrap">
              <table className="table" data-testid="objectives">
                <thead>
                  <tr>
                    <th>{t('agreements.forecast.company')}</th>
                    <th>{t('agreements.forecast.portfolio')}</th>
                    <th>{t('agreements.forecast.month')}</th>
                    <th className="num">{t('agreements.forecast.objective')}</th>
                  </tr>
                </thead>
                <tbody>
                  {objectives.data?.items.map((o) => (
                    <tr key={`${o.company}|${o.portfolio ?? ''}|${o.month}`}>
                      <td>{o.company}</td>
                      <td>{o.portfolio ?? t('agreements.forecast.allPortfolios')}</td>
                      <td>{formatMonth(o.month, locale)}</td>
                      <td className="num">
                        <MoneyText amount={o.amount} currency={o.currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {objectives.status === 'error' && <ErrorState error={objectives.error} onRetry={objectives.reload} />}
      </section>
    </div>
  );
}
