import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseRateCsv,
  type RateFileKind,
  type RatesKnownThrough,
  type RateSeries,
  type ReferenceRate,
} from '@quittance/domain';
import type { Tx } from '../db/tenancy';

const RATES_DIR = fileURLToPath(new URL('../../rates/', import.meta.url));

const FILES: readonly [RateFileKind, string][] = [
  ['ecb-mro', 'ecb-main-refinancing-rate.csv'],
  ['de-basiszinssatz', 'de-basiszinssatz.csv'],
  ['uk-bank-rate', 'uk-bank-rate.csv'],
  ['fr-legal', 'fr-taux-interet-legal.csv'],
];

/** The published rates shipped with Quittance (packages/server/rates, from the central banks). */
export const shippedReferenceRates = (): ReferenceRate[] =>
  FILES.flatMap(([kind, file]) => parseRateCsv(kind, readFileSync(`${RATES_DIR}${file}`, 'utf8')));

/**
 * Up to when a series decided at any date (ECB, Bank of England) is confirmed unchanged by the
 * shipped data; a rate an administrator adds later extends it to that rate's date.
 */
const SHIPPED_KNOWN_THROUGH = JSON.parse(
  readFileSync(`${RATES_DIR}known-through.json`, 'utf8'),
) as RatesKnownThrough;

export const ensureDefaultReferenceRates = async (tx: Tx, tenantId: string): Promise<void> => {
  const rates = shippedReferenceRates();
  await tx
    .insertInto('reference_rates')
    .values(
      rates.map((r) => ({
        tenant_id: tenantId,
        series: r.series,
        effective_from: r.effectiveFrom,
        rate_percent: r.ratePercent,
        source: r.source,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'series', 'effective_from']).doNothing())
    .execute();
};

export const tenantReferenceRates = async (
  tx: Tx,
): Promise<{ rates: ReferenceRate[]; knownThrough: RatesKnownThrough }> => {
  const rows = await tx
    .selectFrom('reference_rates')
    .select(['series', 'effective_from', 'rate_percent', 'source'])
    .orderBy('series')
    .orderBy('effective_from')
    .execute();
  const rates = rows.map((r) => ({
    series: r.series as RateSeries,
    effectiveFrom: r.effective_from,
    ratePercent: r.rate_percent,
    source: r.source,
  }));
  const knownThrough: RatesKnownThrough = { ...SHIPPED_KNOWN_THROUGH };
  for (const rate of rates) {
    const current = knownThrough[rate.series];
    if (current !== undefined && rate.effectiveFrom > current) knownThrough[rate.series] = rate.effectiveFrom;
  }
  return { rates, knownThrough };
};
