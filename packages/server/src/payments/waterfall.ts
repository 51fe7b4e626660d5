import {
  ALLOCATION_POLICIES,
  allocateByWaterfall,
  type AllocationPolicy,
  type DebtComponent,
  type Money,
} from '@quittance/domain';
import { sql } from 'kysely';
import type { Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { tenantSettings } from './statement-import';

/**
 * How a payment assigned to a case without explicit items is allocated: the tenant's waterfall
 * (component order and item order, e.g. BGB 366/367 or Code civil 1342-10/1343-1) over what the
 * case owes now. What the waterfall cannot place stays unallocated on the case (a credit).
 */
export const waterfallFor = async (
  tx: Tx,
  ctx: CommandContext,
  caseId: string,
  amount: Money,
  /** Only these items (a payment plan's), when given. */
  onlyItems?: readonly string[],
): Promise<{ itemId: string | null; component: DebtComponent; amount: Money }[]> => {
  const settings = await tenantSettings(tx, ctx.tenant.id);
  const policies: Readonly<Record<string, AllocationPolicy>> = ALLOCATION_POLICIES;
  const policy = policies[settings.policy] ?? ALLOCATION_POLICIES.default;
  const items = await tx
    .selectFrom('financial_items')
    .select(['id', 'due_date', 'outstanding_minor'])
    .where('case_id', '=', caseId)
    .where('kind', '=', 'invoice')
    .where('outstanding_minor', '>', 0n)
    .$if(onlyItems !== undefined, (q) =>
      q.where('id', 'in', onlyItems!.length > 0 ? [...onlyItems!] : ['00000000-0000-0000-0000-000000000000']),
    )
    .orderBy('due_date')
    .execute();
  const components = await sql<{ account: string; balance: string }>`
    select p.account, sum(p.amount_minor) as balance
    from ledger_postings p join ledger_entries e on e.id = p.entry_id
    where e.case_id = ${caseId} and p.account in ('interest', 'fees', 'costs') and p.currency = ${amount.currency}
    group by p.account
  `.execute(tx);
  const balance = (account: string) => {
    const value = BigInt(components.rows.find((r) => r.account === account)?.balance ?? 0);
    return value > 0n ? value : 0n;
  };
  const { lines } = allocateByWaterfall(
    amount,
    {
      currency: amount.currency,
      components: { interest: balance('interest'), fees: balance('fees'), costs: balance('costs') },
      items: items.map((i) => ({
        itemId: i.id,
        dueDate: i.due_date,
        outstanding: BigInt(i.outstanding_minor),
      })),
    },
    policy,
  );
  return lines.map((l) => ({ itemId: l.itemId, component: l.component, amount: l.amount }));
};
