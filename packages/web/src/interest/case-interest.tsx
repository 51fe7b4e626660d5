import type { MoneyDto } from '@quittance/api-contract';
import type { Remote } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { RatePercent, Warnings } from './interest-periods';
import { isDebtorKind, isJurisdiction } from './interest.params';
import type { CaseInterest as CaseInterestDto } from './interest.types';

function Figure({ label, money, testId }: { label: string; money: MoneyDto | null; testId: string }) {
  const t = useT();
  return (
    <div className="kpi account-figure">
      <dt>{label}</dt>
      <dd data-testid={testId}>{money ? <Amount money={money} /> : t('common.none')}</dd>
    </div>
  );
}

function Regime({ regime }: { regime: NonNullable<CaseInterestDto['regime']> }) {
  const t = useT();
  const jurisdiction = isJurisdiction(regime.jurisdiction)
    ? t(`interest.jurisdiction.${regime.jurisdiction}`)
    : regime.jurisdiction;
  const debtor = isDebtorKind(regime.debtor) ? t(`customerType.${regime.debtor}`) : regime.debtor;
  return <>{t('interest.case.regimeValue', { jurisdiction, debtor })}</>;
}

function Details({ interest }: { interest: CaseInterestDto }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <>
      <p className="muted small" data-testid="case-interest-as-of">
        {t('interest.case.asOf', { date: fmt.date(interest.asOf) })}
        {interest.regime && (
          <>
            {' · '}
            {t('interest.case.regime')}:{' '}
            <span data-testid="case-interest-regime">
              <Regime regime={interest.regime} />
            </span>
          </>
        )}
      </p>
      {!interest.regime && (
        <p className="muted" data-testid="case-interest-no-regime">
          {t('interest.case.noRegime')}
        </p>
      )}
      {interest.regime && (
        <>
          <dl className="kpis account-figures">
            <Figure
              label={t('interest.case.owedToDate')}
              money={interest.owedToDate}
              testId="case-interest-owed"
            />
            <Figure
              label={t('interest.case.alreadyAccrued')}
              money={interest.alreadyAccrued}
              testId="case-interest-accrued"
            />
            <Figure
              label={t('interest.case.toAccrue')}
              money={interest.toAccrue}
              testId="case-interest-to-accrue"
            />
          </dl>
          <h3 className="account-subtitle">{t('interest.periods')}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="case-interest-periods">
              <thead>
                <tr>
                  <th>{t('interest.col.invoice')}</th>
                  <th>{t('interest.col.from')}</th>
                  <th>{t('interest.col.to')}</th>
                  <th className="num">{t('interest.col.days')}</th>
                  <th className="num">{t('interest.col.balance')}</th>
                  <th className="num">{t('interest.col.rate')}</th>
                  <th>{t('interest.col.source')}</th>
                  <th className="num">{t('interest.col.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {interest.periods.length === 0 && (
                  <tr>
                    <td colSpan={8} className="muted empty-cell">
                      {t('interest.noPeriods')}
                    </td>
                  </tr>
                )}
                {interest.periods.map((period) => (
                  <tr
                    key={`${period.itemId}|${period.from}|${period.to}`}
                    data-testid="case-interest-period"
                    data-item-id={period.itemId}
                  >
                    <td className="mono nowrap">{period.number}</td>
                    <td className="nowrap">{fmt.date(period.from)}</td>
                    <td className="nowrap">{fmt.date(period.to)}</td>
                    <td className="num">{fmt.integer(period.days)}</td>
                    <td className="num">
                      <Amount money={period.balance} />
                    </td>
                    <td className="num nowrap">
                      <RatePercent rate={period.ratePercent} />
                    </td>
                    <td className="small">{period.rateSource}</td>
                    <td className="num">
                      <Amount money={period.amount} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {interest.indemnities.length > 0 && (
            <>
              <h3 className="account-subtitle">{t('interest.case.indemnities')}</h3>
              <div className="table-wrap">
                <table className="table" data-testid="case-interest-indemnities">
                  <thead>
                    <tr>
                      <th>{t('interest.col.invoice')}</th>
                      <th>{t('interest.col.legalBasis')}</th>
                      <th className="num">{t('interest.col.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {interest.indemnities.map((indemnity) => (
                      <tr key={indemnity.number} data-testid="case-interest-indemnity">
                        <td className="mono nowrap">{indemnity.number}</td>
                        <td className="small">{indemnity.legalBasis}</td>
                        <td className="num">
                          <Amount money={indemnity.amount} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
      <Warnings warnings={interest.warnings} testId="case-interest-warning" />
    </>
  );
}

/** D2: the case's late interest as of the server's today, per invoice and period, without accruing it. */
export function CaseInterest({ interest }: { interest: Remote<CaseInterestDto> & { reload: () => void } }) {
  const t = useT();
  return (
    <section className="card case-interest" aria-labelledby="case-interest-title" data-testid="case-interest">
      <h2 id="case-interest-title">{t('interest.case.title')}</h2>
      {interest.status === 'error' && (
        <div data-testid="case-interest-error">
          <ErrorState error={interest.error} onRetry={interest.reload} />
        </div>
      )}
      {!interest.data && interest.status === 'loading' && <Loading />}
      {interest.data?.unavailable && (
        <div className="form-error" role="alert" data-testid="case-interest-error">
          {interest.data.unavailable}
        </div>
      )}
      {interest.data && !interest.data.unavailable && interest.status !== 'error' && (
        <Details interest={interest.data} />
      )}
    </section>
  );
}
