import { addDays, formatDate, formatMoney, parseDate, type CurrencyCode } from '@quittance/domain';
import type { CommandContext } from '../application/context';
import { newId, runCaseCommands } from '../application/cases.commands';
import { withTenant } from '../db/tenancy';
import { processRules } from '../rules/processor';
import { fireDueTimers } from '../rules/sweeps';
import { runDunning } from '../dunning/run';
import { createPickupMailer } from '../dunning/channels';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type DemoDunningSummary = { steps: number; messages: number; paidAfter: number };

/**
 * A month of dunning history for the demo, so that the champion/challenger report has figures:
 * the rules and the dunning run as they would have run 30 days ago (the messages recorded as sent
 * then, nothing leaves today), and some customers paying in the weeks after their reminder.
 */
export const seedDunningHistory = async (ctx: CommandContext): Promise<DemoDunningSummary> => {
  const past = formatDate(addDays(parseDate(ctx.today), -30));
  const at = new Date(`${past}T09:30:00Z`);
  const history = { ...ctx, today: past, now: at };
  await fireDueTimers(ctx.db, ctx.tenant, { today: past, clock: () => at });
  await processRules(ctx.db, ctx.tenant, { today: past, clock: () => at });
  // deliver: false — nothing is sent; the messages are then recorded as sent on that day.
  const mailer = createPickupMailer(join(tmpdir(), 'quittance-demo-unused'));
  const run = await runDunning(history, { mailer, sms: null }, { asOf: past, now: at, deliver: false });
  await mailer.close();
  let messages = 0;
  for (const action of run.actions) {
    if (!action.messageId) continue;
    await runCaseCommands({ ...history, actor: { kind: 'system', id: 'demo-seed' } }, action.caseId, [
      {
        type: 'RecordMessageSent',
        data: { messageId: action.messageId, providerId: 'demo-history', to: null, sentAt: at.toISOString() },
      },
    ]);
    messages += 1;
  }
  // Some customers pay within weeks of the reminder: every third case dunned that day, deterministically.
  const dunned = [
    ...new Set(run.actions.filter((a) => a.status === 'requested').map((a) => a.caseId)),
  ].sort();
  let paidAfter = 0;
  for (const [index, caseId] of dunned.entries()) {
    if (index % 3 !== 0) continue;
    const open = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
      tx
        .selectFrom('financial_items')
        .select(['id', 'outstanding_minor', 'currency'])
        .where('case_id', '=', caseId)
        .where('kind', '=', 'invoice')
        .where('outstanding_minor', '>', 0n)
        .execute(),
    );
    if (open.length === 0) continue;
    const paidOn = formatDate(addDays(parseDate(past), 4 + ((index * 7) % 21)));
    const paymentId = newId();
    const currency = open[0]!.currency.trim();
    const total = open.reduce((sum, i) => sum + BigInt(i.outstanding_minor), 0n);
    const amount = (minor: bigint) => ({
      amount: formatMoney({ amountMinor: minor, currency: currency as CurrencyCode }),
      currency,
    });
    await runCaseCommands({ ...ctx, today: paidOn, actor: { kind: 'system', id: 'demo-seed' } }, caseId, [
      {
        type: 'ReceivePayment',
        data: {
          paymentId,
          amount: amount(total),
          receivedOn: paidOn,
          method: 'bank_transfer',
          payer: null,
          bankReference: `DEMO-${index}`,
        },
      },
      ...open.map((item) => ({
        type: 'AllocatePayment' as const,
        data: {
          allocationId: newId(),
          paymentId,
          itemId: item.id,
          component: 'principal' as const,
          amount: amount(BigInt(item.outstanding_minor)),
          allocatedOn: paidOn,
        },
      })),
    ]);
    paidAfter += 1;
  }
  return { steps: run.actions.length, messages, paidAfter };
};
