import { sql } from 'kysely';
import { DomainError } from '@quittance/domain';
import { recordAudit } from '../audit/audit-log';
import { partyStream } from '../application/cases.commands';
import type { CommandContext } from '../application/context';
import { executeOnStream, inTenantTransaction } from '../application/stream-command';
import { isUuid } from '../db/ids';
import type { Tx } from '../db/tenancy';
import { assessErasure, type ErasureAssessment } from './retention';

export type ErasureResult = {
  readonly partyId: string;
  readonly pseudonym: string;
  readonly erasedOn: string;
  readonly alreadyErased: boolean;
  /** How many rows the erasure rewrote where the application may not write (events, audit log, ...). */
  readonly rewritten: Record<string, number>;
};

/** The name an erased party goes by: says what it was, and tells two erased parties apart. */
export const pseudonymOf = (partyId: string, kind: string): string =>
  `Erased ${kind === 'organisation' ? 'organisation' : 'person'} ${partyId.replace(/-/g, '').slice(-4)}`;

export const findParty = async (tx: Tx, partyId: string) => {
  const party = isUuid(partyId)
    ? await tx
        .selectFrom('parties')
        .select(['id', 'kind', 'name', 'reference'])
        .where('id', '=', partyId)
        .executeTakeFirst()
    : undefined;
  if (!party) throw new DomainError('party_not_found', `no party with id ${partyId}`);
  return party;
};

const isErased = async (tx: Tx, partyId: string): Promise<boolean> =>
  (await tx
    .selectFrom('events')
    .select('id')
    .where('stream_id', '=', partyId)
    .where('type', '=', 'PartyAnonymised')
    .executeTakeFirst()) !== undefined;

export const erasureAssessment = (ctx: CommandContext, partyId: string): Promise<ErasureAssessment> =>
  inTenantTransaction(ctx, async (tx) => {
    await findParty(tx, partyId);
    return assessErasure(tx, ctx.tenant.id, partyId, ctx.today);
  });

export class RetentionApplies extends DomainError {
  readonly assessment: ErasureAssessment;
  constructor(assessment: ErasureAssessment) {
    super('retention_applies', `erasure refused: ${assessment.reasons.map((r) => r.message).join('; ')}`, {
      ...assessment,
    });
    this.assessment = assessment;
  }
}

/**
 * Erasure by anonymisation (GDPR art. 17, ADR 0008), refused while a legal retention applies.
 * In one transaction: the personal data is blanked wherever it lies — read models, event
 * payloads, audit details, documents, ledger labels — and `PartyAnonymised` is recorded.
 */
export const eraseParty = (ctx: CommandContext, partyId: string, reason: string): Promise<ErasureResult> =>
  inTenantTransaction(ctx, async (tx) => {
    if (reason.trim() === '')
      throw new DomainError('validation_failed', 'reason: say why the data is erased');
    const party = await findParty(tx, partyId);
    if (await isErased(tx, partyId)) {
      return { partyId, pseudonym: party.name, erasedOn: ctx.today, alreadyErased: true, rewritten: {} };
    }
    const assessment = await assessErasure(tx, ctx.tenant.id, partyId, ctx.today);
    if (!assessment.erasable) throw new RetentionApplies(assessment);
    const pseudonym = pseudonymOf(partyId, party.kind);
    const scrubbed = await sql<{ summary: Record<string, number> }>`
      select gdpr_erase_party(${partyId}::uuid, ${pseudonym}) as summary
    `.execute(tx);
    await executeOnStream(tx, ctx, partyStream, partyId, [
      {
        type: 'AnonymiseParty',
        data: { pseudonym, reason: reason.trim(), erasedBy: ctx.actor.id, erasedOn: ctx.today },
      },
    ]);
    const rewritten = scrubbed.rows[0]!.summary;
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      at: ctx.now,
      actor: ctx.actor,
      origin: ctx.origin ?? null,
      action: 'gdpr.erasure',
      target: { type: 'party', id: partyId },
      detail: { reason: reason.trim(), pseudonym, rewritten },
      correlationId: ctx.correlationId,
    });
    return { partyId, pseudonym, erasedOn: ctx.today, alreadyErased: false, rewritten };
  });

/** A refused erasure is recorded too: its transaction was rolled back, so in one of its own. */
export const recordRefusedErasure = (
  ctx: CommandContext,
  partyId: string,
  reason: string,
  assessment: ErasureAssessment,
): Promise<void> =>
  inTenantTransaction(ctx, (tx) =>
    recordAudit(tx, {
      tenantId: ctx.tenant.id,
      at: ctx.now,
      actor: ctx.actor,
      origin: ctx.origin ?? null,
      action: 'gdpr.erasure',
      target: { type: 'party', id: partyId },
      outcome: 'refused',
      detail: { reason, until: assessment.until, reasons: assessment.reasons },
      correlationId: ctx.correlationId,
    }),
  );
