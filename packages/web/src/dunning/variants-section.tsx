import type { RuleSetDetailDto, RuleSetSummaryDto } from '@quittance/api-contract';
import { useMemo } from 'react';
import { useApi } from '../api/use-api';
import { useFormat, useI18n } from '../i18n/i18n-context';
import { RULE_SETS_PATH, ruleSetPath } from '../rules/rules.types';
import { ErrorState, Loading } from '../ui/states';
import { formatInterval, formatNumber, formatShare } from './dunning.labels';
import type { VariantList, VariantReport } from './dunning.types';
import { MIN_CASES_TO_COMPARE, variantFamilies, type VariantFamily } from './variants-model';

function Estimate({ value, interval }: { value: string | null; interval: string | null }) {
  const { t } = useI18n();
  if (value === null) return <span className="muted">{t('common.none')}</span>;
  return (
    <>
      <span className="nowrap">{value}</span>
      <br />
      <span className="muted small nowrap" data-testid="variant-ci">
        {interval === null ? t('dunning.variants.noInterval') : t('dunning.variants.ci', { interval })}
      </span>
    </>
  );
}

function VariantRow({ report, share }: { report: VariantReport; share: number | undefined }) {
  const { t, locale } = useI18n();
  const fmt = useFormat();
  const money = (amount: string) => fmt.money({ amount, currency: report.currency });
  const percent = (n: number) => formatShare(n, locale);
  const days = (n: number) => formatNumber(n, locale, 1);
  const ratio = (n: number) => formatNumber(n, locale, 4);
  return (
    <tr
      data-testid="variant-row"
      data-variant={report.variant}
      data-currency={report.currency}
      data-cases={report.cases}
      className={report.cases < MIN_CASES_TO_COMPARE ? 'row-few' : undefined}
    >
      <td className="mono">
        {report.variant}
        {share !== undefined && <span className="muted small"> · {share}%</span>}
      </td>
      <td className="mono">{report.currency}</td>
      <td className="num">{fmt.integer(report.cases)}</td>
      <td className="num">{money(report.dunned)}</td>
      <td className="num">{money(report.recovered)}</td>
      <td className="num" data-testid="variant-recovery">
        <Estimate
          value={report.recoveryRate === null ? null : percent(Number(report.recoveryRate))}
          interval={formatInterval(report.recoveryRateCi, percent)}
        />
      </td>
      <td className="num">
        <Estimate
          value={
            report.paidInFullRate === null
              ? null
              : t('dunning.variants.paidInFullValue', {
                  count: report.paidInFull,
                  rate: percent(report.paidInFullRate),
                })
          }
          interval={formatInterval(report.paidInFullCi, percent)}
        />
      </td>
      <td className="num">
        <Estimate
          value={report.daysToPay ? t('dunning.variants.days', { days: days(report.daysToPay.mean) }) : null}
          interval={formatInterval(report.daysToPay?.ci ?? null, days)}
        />
      </td>
      <td className="num">{money(report.cost)}</td>
      <td className="num">
        <Estimate
          value={report.costPerUnitRecovered === null ? null : ratio(Number(report.costPerUnitRecovered))}
          interval={formatInterval(report.costPerUnitRecoveredCi, ratio)}
        />
      </td>
    </tr>
  );
}

function FamilyTable({ family }: { family: VariantFamily }) {
  const { t } = useI18n();
  return (
    <section className="dunning-family" data-testid="variant-family" data-family={family.family}>
      <h3>
        <span className="mono">{family.family}</span>
        {family.name && <span className="muted"> · {family.name}</span>}
      </h3>
      {family.tooFew && (
        <p className="filter-warning small" data-testid="variants-too-few">
          {t('dunning.variants.tooFew', { min: MIN_CASES_TO_COMPARE })}
        </p>
      )}
      <div className="table-wrap">
        <table className="table dunning-variants">
          <thead>
            <tr>
              <th>{t('dunning.variants.variant')}</th>
              <th>{t('dunning.variants.currency')}</th>
              <th className="num">{t('dunning.variants.cases')}</th>
              <th className="num">{t('dunning.variants.dunned')}</th>
              <th className="num">{t('dunning.variants.recovered')}</th>
              <th className="num">{t('dunning.variants.recoveryRate')}</th>
              <th className="num">{t('dunning.variants.paidInFull')}</th>
              <th className="num">{t('dunning.variants.daysToPay')}</th>
              <th className="num">{t('dunning.variants.cost')}</th>
              <th className="num">{t('dunning.variants.costPerUnit')}</th>
            </tr>
          </thead>
          <tbody>
            {family.reports.map((report) => (
              <VariantRow
                key={`${report.variant}/${report.currency}`}
                report={report}
                share={family.shares.get(report.variant)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** C2: how each variant of a strategy does, with 95% intervals, per currency. */
export function VariantsSection() {
  const { t } = useI18n();
  const variants = useApi<VariantList>('/dunning/variants');
  const versions = useApi<{ items: RuleSetSummaryDto[] }>(RULE_SETS_PATH);
  const published = versions.data?.items.find((v) => v.status === 'published')?.version ?? null;
  const ruleSet = useApi<RuleSetDetailDto>(published === null ? null : ruleSetPath(published));
  const strategies = ruleSet.data?.document.strategies;
  const families = useMemo(
    () => (variants.data ? variantFamilies(variants.data.items, strategies ?? []) : []),
    [variants.data, strategies],
  );

  return (
    <section className="card dunning-variants-card" data-testid="variants" aria-labelledby="variants-title">
      <h2 id="variants-title">{t('dunning.variants.title')}</h2>
      <p className="intro muted small">{t('dunning.variants.intro')}</p>
      {variants.status === 'error' && <ErrorState error={variants.error} onRetry={variants.reload} />}
      {!variants.data && variants.status === 'loading' && <Loading />}
      {variants.data && families.length === 0 && (
        <p className="muted" data-testid="variants-empty">
          {t('dunning.variants.none')}
        </p>
      )}
      {families.map((family) => (
        <FamilyTable key={family.family} family={family} />
      ))}
    </section>
  );
}
