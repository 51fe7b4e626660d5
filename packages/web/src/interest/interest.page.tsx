import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { RatePercent, Warnings } from './interest-periods';
import {
  checkInterestInputs,
  DAY_COUNTS,
  DEBTOR_KINDS,
  FR_MODES,
  interestApiPath,
  interestQuery,
  isDayCount,
  isDebtorKind,
  isFrMode,
  isJurisdiction,
  JURISDICTIONS,
  parseInterestInputs,
  type InputProblem,
  type InterestInputs,
} from './interest.params';
import type { InterestResult } from './interest.types';

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="muted small">{hint}</span>}
    </label>
  );
}

function InterestForm({
  initial,
  onCalculate,
}: {
  initial: InterestInputs;
  onCalculate: (inputs: InterestInputs) => void;
}) {
  const t = useT();
  const [inputs, setInputs] = useState(initial);
  const [problem, setProblem] = useState<InputProblem | null>(null);
  const set = (patch: Partial<InterestInputs>) => setInputs((previous) => ({ ...previous, ...patch }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkInterestInputs(inputs);
    if (!checked.ok) return setProblem(checked.problem);
    setProblem(null);
    onCalculate(checked.inputs);
  };

  return (
    <form className="filters interest-form" data-testid="interest-form" onSubmit={onSubmit} noValidate>
      <Field label={t('interest.jurisdiction')}>
        <select
          data-testid="interest-jurisdiction"
          value={inputs.jurisdiction}
          onChange={(event) => {
            if (isJurisdiction(event.target.value)) set({ jurisdiction: event.target.value });
          }}
        >
          {JURISDICTIONS.map((j) => (
            <option key={j} value={j}>
              {t(`interest.jurisdiction.${j}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('interest.debtor')}>
        <select
          data-testid="interest-debtor"
          value={inputs.debtor}
          onChange={(event) => {
            if (isDebtorKind(event.target.value)) set({ debtor: event.target.value });
          }}
        >
          {DEBTOR_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`customerType.${kind}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('interest.principal')}>
        <input
          type="text"
          inputMode="decimal"
          autoComplete="off"
          className="interest-amount"
          data-testid="interest-principal"
          value={inputs.principal}
          onChange={(event) => set({ principal: event.target.value })}
        />
      </Field>
      <Field label={t('interest.currency')}>
        <input
          type="text"
          autoComplete="off"
          maxLength={3}
          size={4}
          data-testid="interest-currency"
          value={inputs.currency}
          onChange={(event) => set({ currency: event.target.value.toUpperCase() })}
        />
      </Field>
      <Field label={t('interest.due')}>
        <input
          type="date"
          data-testid="interest-due"
          value={inputs.due}
          onChange={(event) => set({ due: event.target.value })}
        />
      </Field>
      <Field label={t('interest.paid')}>
        <input
          type="date"
          data-testid="interest-paid"
          value={inputs.paid}
          onChange={(event) => set({ paid: event.target.value })}
        />
      </Field>
      <Field label={t('interest.rate')} hint={t('interest.rateHint')}>
        <input
          type="text"
          inputMode="decimal"
          autoComplete="off"
          size={8}
          data-testid="interest-rate"
          value={inputs.rate}
          onChange={(event) => set({ rate: event.target.value })}
        />
      </Field>
      <Field label={t('interest.dayCount')}>
        <select
          data-testid="interest-day-count"
          value={inputs.dayCount}
          onChange={(event) => {
            if (isDayCount(event.target.value)) set({ dayCount: event.target.value });
          }}
        >
          {DAY_COUNTS.map((dc) => (
            <option key={dc} value={dc}>
              {dc || t('interest.default')}
            </option>
          ))}
        </select>
      </Field>
      {inputs.jurisdiction === 'FR' && (
        <Field label={t('interest.frMode')}>
          <select
            data-testid="interest-fr-mode"
            value={inputs.frMode}
            onChange={(event) => {
              if (isFrMode(event.target.value)) set({ frMode: event.target.value });
            }}
          >
            {FR_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode ? t(`interest.frMode.${mode}`) : t('interest.default')}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="filter-actions">
        <button type="submit" className="button button-primary" data-testid="interest-submit">
          {t('interest.submit')}
        </button>
      </div>
      {problem && (
        <p className="form-error filter-warning" role="alert" data-testid="interest-error">
          {t(`interest.problem.${problem}`)}
        </p>
      )}
    </form>
  );
}

function InterestResultView({ result, stale }: { result: InterestResult; stale: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const money = (amount: string) => ({ amount, currency: result.currency });
  return (
    <section
      className={stale ? 'card interest-result stale' : 'card interest-result'}
      data-testid="interest-result"
      aria-labelledby="interest-result-title"
    >
      <h2 id="interest-result-title" className="visually-hidden">
        {t('interest.total')}
      </h2>
      <dl className="kpis account-figures">
        <div className="kpi account-figure account-figure-strong">
          <dt>{t('interest.total')}</dt>
          <dd className="kpi-amount" data-testid="interest-total">
            <Amount money={money(result.interest)} />
          </dd>
        </div>
        <div className="kpi account-figure">
          <dt>{t('interest.compensation')}</dt>
          <dd data-testid="interest-compensation">
            {result.compensation === null ? (
              <span className="muted">{t('interest.noCompensation')}</span>
            ) : (
              <Amount money={money(result.compensation)} />
            )}
          </dd>
        </div>
      </dl>
      <h3 className="account-subtitle">{t('interest.periods')}</h3>
      <div className="table-wrap">
        <table className="table" data-testid="interest-periods">
          <thead>
            <tr>
              <th>{t('interest.col.from')}</th>
              <th>{t('interest.col.to')}</th>
              <th className="num">{t('interest.col.days')}</th>
              <th className="num">{t('interest.col.rate')}</th>
              <th className="num">{t('interest.col.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {result.periods.length === 0 && (
              <tr>
                <td colSpan={5} className="muted empty-cell">
                  {t('interest.noPeriods')}
                </td>
              </tr>
            )}
            {result.periods.map((period) => (
              <tr key={`${period.from}|${period.to}`} data-testid="interest-period">
                <td className="nowrap">{fmt.date(period.from)}</td>
                <td className="nowrap">{fmt.date(period.to)}</td>
                <td className="num">{fmt.integer(period.days)}</td>
                <td className="num nowrap">
                  <RatePercent rate={period.rate} />
                </td>
                <td className="num">
                  <Amount money={money(period.amount)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Warnings warnings={result.warnings} testId="interest-warning" />
    </section>
  );
}

/** D2: the late-interest calculator. Its inputs live in the URL, so a calculation can be shared. */
export function InterestPage() {
  const t = useT();
  useDocumentTitle(t('interest.calculator'));
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const initial = parseInterestInputs(searchParams);
  const apiPath = interestApiPath(searchParams);
  const remote = useApi<InterestResult>(apiPath, { keepPrevious: true });

  return (
    <>
      <div className="page-header">
        <h1>
          {t('interest.title')} · {t('interest.calculator')}
        </h1>
        <p className="intro muted">{t('interest.intro')}</p>
      </div>
      <InterestForm
        key={search}
        initial={initial}
        onCalculate={(inputs) => {
          const query = interestQuery(inputs);
          // Same inputs again: ask again (the rates may have been extended since).
          if (query.slice(1) === search) remote.reload();
          else setSearchParams(new URLSearchParams(query));
        }}
      />
      {remote.status === 'error' && (
        <div data-testid="interest-error">
          <ErrorState error={remote.error} />
        </div>
      )}
      {remote.status === 'loading' && !remote.data && apiPath !== null && <Loading />}
      {remote.data && remote.status !== 'error' && (
        <InterestResultView result={remote.data} stale={remote.status === 'loading'} />
      )}
    </>
  );
}
