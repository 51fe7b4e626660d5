import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { parseMoney } from '@quittance/domain';
import { normalizeIban, writePain001, type Pain001Payment } from '@quittance/formats';
import type { CommandContext } from '../application/context';
import { inTenantTransaction } from '../application/stream-command';

export type RefundFile = {
  messageId: string;
  fileName: string;
  content: string;
  refunds: number;
  iban: string;
};
export type RefundExport = {
  files: RefundFile[];
  blocked: { refundId: string; caseId: string; reason: string }[];
};

type PendingRefund = {
  case_id: string;
  case_number: string;
  debtor_name: string | null;
  refund_id: string;
  amount: string;
  currency: string;
  reason: string | null;
  payee: string | null;
};

/**
 * D6/J3: the refunds recorded on cases and not yet sent, as SEPA credit transfers (pain.001.001.09),
 * one file per bank account paying them. A refund goes to the IBAN the debtor paid from (the
 * counterparty of the case's latest payment received through a statement), from the account that
 * received it. A refund with no known IBAN, or not in EUR, is reported as blocked and waits.
 * Each refund is exported once.
 */
export const exportRefunds = (
  ctx: CommandContext,
  options: { executionDate: string },
): Promise<RefundExport> =>
  inTenantTransaction(ctx, async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`refund-export:${ctx.tenant.id}`}))`.execute(tx);
    const pending = await sql<PendingRefund>`
      select e.stream_id as case_id, c.number as case_number, c.debtor_name, e.data->>'refundId' as refund_id,
             e.data->'amount'->>'amount' as amount, e.data->'amount'->>'currency' as currency,
             e.data->>'reason' as reason, e.data->>'payee' as payee
      from events e join cases c on c.id = e.stream_id
      where e.type = 'RefundIssued'
        and not exists (select 1 from refund_exports r where r.refund_id = e.data->>'refundId')
      order by e.position
    `.execute(tx);
    const result: RefundExport = { files: [], blocked: [] };
    const byAccount = new Map<string, { payments: Pain001Payment[]; refunds: PendingRefund[] }>();
    for (const refund of pending.rows) {
      const block = (reason: string) =>
        result.blocked.push({ refundId: refund.refund_id, caseId: refund.case_id, reason });
      if (refund.currency !== 'EUR') {
        block(`a SEPA credit transfer is in EUR; this refund is in ${refund.currency}`);
        continue;
      }
      const source = await sql<{
        counterparty_iban: string | null;
        counterparty_name: string | null;
        bank_account_id: string;
      }>`
        select b.counterparty_iban, b.counterparty_name, b.bank_account_id
        from events p join bank_entries b on b.bank_reference = p.data->>'bankReference'
        where p.stream_id = ${refund.case_id} and p.type = 'PaymentReceived' and b.counterparty_iban is not null
        order by p.version desc limit 1
      `.execute(tx);
      const from = source.rows[0];
      const iban = from?.counterparty_iban ? normalizeIban(from.counterparty_iban) : null;
      if (!from || !iban) {
        block(
          'no IBAN known for the payee: no payment of this case came through a statement with the payer’s IBAN',
        );
        continue;
      }
      const group = byAccount.get(from.bank_account_id) ?? { payments: [], refunds: [] };
      group.payments.push({
        endToEndId: `RFD-${refund.refund_id.replace(/-/g, '').slice(-28).toUpperCase()}`,
        amount: parseMoney(refund.amount, refund.currency),
        creditor: {
          name: (refund.payee ?? from.counterparty_name ?? refund.debtor_name ?? 'Customer').slice(0, 70),
          iban,
        },
        remittanceInformation:
          `Refund case ${refund.case_number}${refund.reason ? `: ${refund.reason}` : ''}`.slice(0, 140),
      });
      group.refunds.push(refund);
      byAccount.set(from.bank_account_id, group);
    }
    for (const [accountId, group] of byAccount) {
      const account = await tx
        .selectFrom('bank_accounts')
        .select(['iban', 'bic', 'owner_name'])
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      if (!account.iban) {
        for (const r of group.refunds) {
          result.blocked.push({
            refundId: r.refund_id,
            caseId: r.case_id,
            reason: 'the paying bank account has no IBAN',
          });
        }
        continue;
      }
      const messageId = `QRFD-${uuidv7().replace(/-/g, '').slice(-20).toUpperCase()}`;
      const content = writePain001({
        messageId,
        createdAt: ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        initiatingParty: { name: account.owner_name ?? ctx.tenant.name },
        debtor: {
          name: account.owner_name ?? ctx.tenant.name,
          iban: account.iban,
          ...(account.bic && { bic: account.bic }),
        },
        requestedExecutionDate: options.executionDate,
        payments: group.payments,
      });
      for (const r of group.refunds) {
        await tx
          .insertInto('refund_exports')
          .values({
            tenant_id: ctx.tenant.id,
            refund_id: r.refund_id,
            case_id: r.case_id,
            message_id: messageId,
            bank_account_id: accountId,
            exported_at: ctx.now,
          })
          .execute();
      }
      result.files.push({
        messageId,
        fileName: `${messageId}.xml`,
        content,
        refunds: group.refunds.length,
        iban: account.iban,
      });
    }
    return result;
  });
