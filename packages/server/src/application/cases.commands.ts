import { v7 as uuidv7 } from 'uuid';
import {
  DomainError,
  feeRefusal,
  decideCase,
  decideParty,
  evolveCase,
  evolveParty,
  formatCaseNumber,
  initialCaseState,
  initialPartyState,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type PartyCommand,
  type PartyDetails,
  type PartyEvent,
  type PartyState,
  type Phase,
} from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import type { CommandContext } from './context';
import { validateCustomFields } from './case-types';
import { executeOnStream, inTenantTransaction, type StreamResult, type StreamSpec } from './stream-command';
import { isUuid } from '../db/ids';

export const caseStream: StreamSpec<CaseState, CaseCommand, CaseEvent> = {
  streamType: 'case',
  initial: initialCaseState,
  evolve: evolveCase,
  decide: decideCase,
};

export const partyStream: StreamSpec<PartyState, PartyCommand, PartyEvent> = {
  streamType: 'party',
  initial: initialPartyState,
  evolve: evolveParty,
  decide: decideParty,
};

/** The next number of the tenant's sequence for the year of `today`. */
export const nextCaseNumber = async (tx: Tx, ctx: CommandContext): Promise<string> => {
  const year = Number(ctx.today.slice(0, 4));
  const row = await tx
    .insertInto('case_number_counters')
    .values({ tenant_id: ctx.tenant.id, year, last_value: 1n })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'year'])
        .doUpdateSet((eb) => ({ last_value: eb('case_number_counters.last_value', '+', 1n) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return formatCaseNumber(year, Number(row.last_value));
};

export const ensureCompany = async (tx: Tx, ctx: CommandContext, code: string, name?: string) => {
  const found = await tx
    .selectFrom('companies')
    .select(['code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (found) return found;
  const company = { code, name: name ?? code };
  await tx
    .insertInto('companies')
    .values({ tenant_id: ctx.tenant.id, id: uuidv7(), ...company })
    .execute();
  return company;
};

export type OpenCaseInput = {
  caseType: string;
  company: string;
  currency: string;
  debtorId: string;
  customFields: Record<string, unknown>;
  phase?: Phase;
  manager?: string;
};

/** Opens a case inside a transaction the caller holds (imports open many in one). */
export const openCaseIn = async (
  tx: Tx,
  ctx: CommandContext,
  input: OpenCaseInput,
): Promise<StreamResult<CaseState>> => {
  await validateCustomFields(tx, input.caseType, input.customFields);
  const debtor = await tx
    .selectFrom('parties')
    .select(['id', 'name', 'reference'])
    .where('id', '=', input.debtorId)
    .executeTakeFirst();
  if (!debtor) throw new DomainError('party_not_found', `no party with id ${input.debtorId}`);
  if (input.caseType === 'receivable_account') {
    const existing = await tx
      .selectFrom('cases')
      .select('number')
      .where('case_type', '=', 'receivable_account')
      .where('status', '=', 'open')
      .where('company_code', '=', input.company)
      .where('debtor_party_id', '=', debtor.id)
      .where('currency', '=', input.currency)
      .executeTakeFirst();
    if (existing) {
      throw new DomainError(
        'case_already_exists',
        `${debtor.name} already has the open receivable account ${existing.number} for ${input.company} in ${input.currency}`,
      );
    }
  }
  const company = await ensureCompany(tx, ctx, input.company);
  const caseId = uuidv7();
  return executeOnStream(tx, ctx, caseStream, caseId, [
    {
      type: 'OpenCase',
      data: {
        caseId,
        number: await nextCaseNumber(tx, ctx),
        caseType: input.caseType,
        company,
        currency: input.currency,
        customFields: input.customFields,
        debtor: { partyId: debtor.id, name: debtor.name, reference: debtor.reference },
        openedOn: ctx.today,
        ...(input.phase && { phase: input.phase }),
        ...(input.manager && { manager: input.manager }),
      },
    },
  ]);
};

export const openCase = (ctx: CommandContext, input: OpenCaseInput) =>
  inTenantTransaction(ctx, (tx) => openCaseIn(tx, ctx, input));

/** Runs commands on an existing case; `case_not_found` when the id is not one of the tenant's cases. */
export const runCaseCommands = (ctx: CommandContext, caseId: string, commands: readonly CaseCommand[]) =>
  inTenantTransaction(ctx, (tx) => runCaseCommandsIn(tx, ctx, caseId, commands));

/** The same, inside a transaction the caller holds (the rules processor decides and acts in one). */
export const runCaseCommandsIn = async (
  tx: Tx,
  ctx: CommandContext,
  caseId: string,
  commands: readonly CaseCommand[],
): Promise<StreamResult<CaseState>> => {
  if (!isUuid(caseId)) throw new DomainError('case_not_found', `no case with id ${caseId}`);
  const debtor = await tx
    .selectFrom('cases as c')
    .leftJoin('parties as p', 'p.id', 'c.debtor_party_id')
    .select(['c.phase', 'c.case_type', 'p.country', 'p.customer_type'])
    .where('c.id', '=', caseId)
    .executeTakeFirst();
  if (!debtor) throw new DomainError('case_not_found', `no case with id ${caseId}`);
  // The phase as the batch goes: a case moved to the legal phase may be charged in the same batch.
  let phase = debtor.phase as Phase;
  for (const command of commands) {
    if (command.type === 'ChangePhase') phase = command.data.phase;
    if (command.type === 'ChargeFee' || command.type === 'ChargeRecoveryCost') {
      const refusal = feeRefusal(
        {
          country: debtor.country,
          customerType: debtor.customer_type === 'consumer' ? 'consumer' : 'business',
        },
        phase,
      );
      if (refusal) throw new DomainError('fee_not_allowed', refusal);
    }
    if (command.type === 'ChangeCustomFields') {
      await validateCustomFields(tx, debtor.case_type, command.data.customFields as Record<string, unknown>);
    }
  }
  return executeOnStream(tx, ctx, caseStream, caseId, commands);
};

export const registerPartyIn = (tx: Tx, ctx: CommandContext, details: PartyDetails) => {
  const partyId = uuidv7();
  return executeOnStream(tx, ctx, partyStream, partyId, [
    { type: 'RegisterParty', data: { partyId, ...details } },
  ]);
};

export const registerParty = (ctx: CommandContext, details: PartyDetails) =>
  inTenantTransaction(ctx, async (tx) => {
    if (details.reference) {
      const taken = await tx
        .selectFrom('parties')
        .select('id')
        .where('reference', '=', details.reference)
        .executeTakeFirst();
      if (taken)
        throw new DomainError('party_already_exists', `a party with reference ${details.reference} exists`);
    }
    return registerPartyIn(tx, ctx, details);
  });

export const newId = (): string => uuidv7();
