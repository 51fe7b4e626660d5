import { v5 as uuidv5 } from 'uuid';
import {
  isDomainError,
  moneyToDto,
  planInterestAccrual,
  type CaseCommand,
  type CaseEvent,
  type DebtorKind,
  type Jurisdiction,
} from '@quittance/domain';
import { agreementSettings } from '../agreements/agreements';
import type { CommandContext } from '../application/context';
import { caseStream } from '../application/cases.commands';
import { executeOnStream, inTenantTransaction } from '../application/stream-command';
import { readStream } from '../event-store/event-store';
import { withTenant, type Tx } from '../db/tenancy';
import { decideForCase } from '../rules/decide';
import { tenantReferenceRates } from './reference-rates';

const NAMESPACE = '2f4c1d8e-6b3a-4e57-9c21-7d8e0f1a2b3c';

/** The interest picture of one case up to a date, without accruing: what the screens show. */
export const caseInterestPlan = async (ctx: CommandContext, caseId: string, asOf: string) =>
  withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    const kase = await tx
      .selectFrom('cases as c')
      .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
      .select(['c.id', 'p.country', 'p.customer_type'])
      .where('c.id', '=', caseId)
      .executeTakeFirst();
    if (!kase) return undefined;
    const settings = await tx.selectFrom('tenant_settings').select('interest_regime').executeTakeFirst();
    const ruled = await regimeByRules(tx, ctx, caseId, asOf);
    const regime = regimeFor(ruled ?? settings?.interest_regime ?? 'auto', {
      country: kase.country,
      customerType: kase.customer_type ?? 'business',
    });
    if (!regime) return { regime: null, plan: null };
    const { rates, knownThrough } = await tenantReferenceRates(tx);
    const events = (await readStream(tx, caseId)).map((e) => ({ type: e.type, data: e.data }) as CaseEvent);
    try {
      const plan = planInterestAccrual({
        events,
        asOf,
        regime,
        rates,
        options: { ratesKnownThrough: knownThrough },
      });
      return { regime, plan };
    } catch (error) {
      // A rate not published yet is a state of the data, not a failed request: say which.
      if (isDomainError(error) && error.code === 'missing_rate')
        return { regime, plan: null, unavailable: error.message };
      throw error;
    }
  });

/** The table of the published rule set that, when present, decides each case's regime. */
export const INTEREST_REGIME_TABLE = 'interest-regime';
const REGIME_SETTINGS = new Set(['auto', 'none', 'EU', 'FR', 'DE', 'UK']);

/**
 * The regime the tenant's rules decide for a case (a decision table `interest-regime` whose
 * output is auto, none, EU, FR, DE or UK — by customer type, country, contract custom fields…);
 * undefined when the rule set has no such table or it gives no valid answer, and then the
 * tenant setting applies.
 */
const regimeByRules = async (tx: Tx, ctx: CommandContext, caseId: string, asOf: string) => {
  const output = await decideForCase(tx, ctx.tenant, caseId, INTEREST_REGIME_TABLE, asOf);
  return typeof output === 'string' && REGIME_SETTINGS.has(output) ? output : undefined;
};

export type AccrualRun = {
  asOf: string;
  cases: number;
  accrued: { caseNumber: string; amount: string; currency: string; from: string | null; to: string }[];
  indemnities: number;
  skipped: { caseNumber: string; reason: string }[];
};

/**
 * The regime of a case when the tenant lets the debtor decide ('auto'): the debtor's country
 * and kind. EU 2011/7 and the UK Act cover business debts only, so a consumer outside France
 * and Germany accrues nothing by default.
 */
export const regimeFor = (
  setting: string,
  debtor: { country: string | null; customerType: string },
): { jurisdiction: Jurisdiction; debtor: DebtorKind } | null => {
  const kind: DebtorKind = debtor.customerType === 'consumer' ? 'consumer' : 'business';
  if (setting === 'none') return null;
  if (setting !== 'auto') return { jurisdiction: setting as Jurisdiction, debtor: kind };
  const jurisdiction: Jurisdiction =
    debtor.country === 'FR' ? 'FR' : debtor.country === 'DE' ? 'DE' : debtor.country === 'GB' ? 'UK' : 'EU';
  if (kind === 'consumer' && (jurisdiction === 'EU' || jurisdiction === 'UK')) return null;
  return { jurisdiction, debtor: kind };
};

/**
 * Accrues late interest up to `asOf` on every open case, and charges each overdue invoice's fixed
 * recovery indemnity once. Idempotent: the accrual id is derived from the case and the date, the
 * indemnity id from the item, and only the difference with what was accrued before is added.
 * A case whose rate is not known yet is skipped with the reason; nothing is extrapolated.
 */
export const accrueInterest = async (ctx: CommandContext, asOf: string): Promise<AccrualRun> => {
  const run: AccrualRun = { asOf, cases: 0, accrued: [], indemnities: 0, skipped: [] };
  const { cases, setting, rates, knownThrough } = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
    const settings = await tx.selectFrom('tenant_settings').select('interest_regime').executeTakeFirst();
    return {
      setting: settings?.interest_regime ?? 'auto',
      cases: await tx
        .selectFrom('cases as c')
        .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
        .select(['c.id', 'c.number', 'p.country', 'p.customer_type'])
        .where('c.status', '=', 'open')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('financial_items as i')
              .select('i.id')
              .whereRef('i.case_id', '=', 'c.id')
              .where('i.kind', '=', 'invoice')
              .where('i.due_date', '<', asOf),
          ),
        )
        .orderBy('c.number')
        .execute(),
      ...(await tenantReferenceRates(tx)),
    };
  });
  for (const kase of cases) {
    run.cases++;
    const ruled = await withTenant(ctx.db, ctx.tenant.id, (tx) => regimeByRules(tx, ctx, kase.id, asOf));
    const regime = regimeFor(ruled ?? setting, {
      country: kase.country,
      customerType: kase.customer_type ?? 'business',
    });
    if (!regime) continue;
    try {
      await inTenantTransaction(ctx, async (tx) => {
        const events = (await readStream(tx, kase.id)).map(
          (e) => ({ type: e.type, data: e.data }) as CaseEvent,
        );
        const plan = planInterestAccrual({
          events,
          asOf,
          regime,
          rates,
          options: { ratesKnownThrough: knownThrough },
          excludeDisputed: (await agreementSettings(tx, ctx.tenant.id)).excludeFromInterest,
        });
        const commands: CaseCommand[] = [];
        if (plan.toAccrue.amountMinor > 0n) {
          commands.push({
            type: 'AccrueInterest',
            data: {
              accrualId: uuidv5(`${kase.id}:interest:${asOf}`, NAMESPACE),
              amount: moneyToDto(plan.toAccrue),
              from: plan.from ?? asOf,
              to: plan.to,
              accruedOn: asOf,
              label: `${regime.jurisdiction} statutory interest`,
            },
          });
        }
        for (const indemnity of plan.indemnities) {
          commands.push({
            type: 'ChargeRecoveryIndemnity',
            data: {
              indemnityId: uuidv5(`${kase.id}:indemnity:${indemnity.itemId}`, NAMESPACE),
              itemId: indemnity.itemId,
              amount: moneyToDto(indemnity.amount),
              chargedOn: asOf,
              label: `Recovery indemnity ${indemnity.number}`,
              legalBasis: indemnity.legalBasis,
            },
          });
        }
        if (commands.length === 0) return;
        const result = await executeOnStream(tx, ctx, caseStream, kase.id, commands);
        for (const event of result.events) {
          if (event.type === 'InterestAccrued') {
            run.accrued.push({
              caseNumber: kase.number,
              ...moneyToDto(plan.toAccrue),
              from: plan.from,
              to: plan.to,
            });
          }
          if (event.type === 'RecoveryIndemnityCharged') run.indemnities++;
        }
      });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      run.skipped.push({ caseNumber: kase.number, reason: error.message });
    }
  }
  return run;
};
