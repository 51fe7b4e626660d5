import { z } from 'zod';
import { Actor, IsoDate, MoneyDto } from './common';

export const SubLedgerAccount = z.enum([
  'principal',
  'interest',
  'fees',
  'costs',
  'unallocated',
  'overpayment',
  'written_off',
  'bank',
  'revenue',
  'interest_income',
  'fee_income',
  'cost_recharge',
]);

export const PostingDto = z
  .object({
    account: SubLedgerAccount,
    debit: MoneyDto.nullable(),
    credit: MoneyDto.nullable(),
    itemId: z.string().nullable(),
  })
  .meta({ id: 'Posting' });

export const GlLineDto = z
  .object({
    lineNo: z.number().int(),
    account: z.string(),
    accountLabel: z.string(),
    auxiliaryAccount: z.string().nullable(),
    auxiliaryLabel: z.string().nullable(),
    label: z.string(),
    debit: MoneyDto,
    credit: MoneyDto,
    original: MoneyDto.nullable().meta({ description: 'Amount in the original currency when converted' }),
    fxRate: z.string().nullable(),
  })
  .meta({ id: 'GlLine' });

/** A sub-ledger entry with everything that explains it (E3 audit trail). */
export const LedgerEntryDto = z
  .object({
    id: z.string().uuid(),
    eventType: z.string(),
    entryDate: IsoDate,
    label: z.string(),
    currency: z.string(),
    postings: z.array(PostingDto),
    validation: z
      .object({
        validatedOn: IsoDate,
        journal: z.string(),
        fiscalYear: z.number().int(),
        number: z.number().int(),
        ecritureNum: z.string(),
      })
      .nullable(),
    glLines: z.array(GlLineDto),
    reverses: z.string().uuid().nullable(),
    reversedBy: z.string().uuid().nullable(),
    event: z.object({
      id: z.string().uuid(),
      type: z.string(),
      version: z.number().int(),
      recordedAt: z.string(),
      actor: Actor,
      correlationId: z.string(),
      causationId: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
    case: z.object({
      id: z.string().uuid(),
      number: z.string(),
      debtorName: z.string().nullable(),
      company: z.string(),
    }),
  })
  .meta({ id: 'LedgerEntry' });
export type LedgerEntryDto = z.infer<typeof LedgerEntryDto>;

/** G11: the case account as a collector (and later the portal) reads it. */
export const CaseAccount = z
  .object({
    caseId: z.string().uuid(),
    currency: z.string(),
    originalClaim: MoneyDto.meta({ description: 'Invoices less credit notes, as first recorded' }),
    settlements: MoneyDto.meta({ description: 'Payments applied to the debt, net of cancelled allocations' }),
    outstanding: z.object({ principal: MoneyDto, interest: MoneyDto, fees: MoneyDto, costs: MoneyDto }),
    unallocated: MoneyDto,
    overpayment: MoneyDto,
    writtenOff: MoneyDto,
    netBalance: MoneyDto.meta({
      description: 'What the debtor owes after unallocated cash and credit balances',
    }),
    transactions: z.array(
      z.object({
        entryId: z.string().uuid(),
        eventId: z.string().uuid(),
        date: IsoDate,
        eventType: z.string(),
        label: z.string(),
        /** Change of the net balance by this entry: + the debtor owes more. */
        amount: MoneyDto,
        runningBalance: MoneyDto,
        validated: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'CaseAccount' });
export type CaseAccount = z.infer<typeof CaseAccount>;

export const LedgerPeriodQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  company: z.string().optional(),
});

export const TrialBalance = z
  .object({
    from: IsoDate.nullable(),
    to: IsoDate.nullable(),
    company: z.string().nullable(),
    rows: z.array(
      z.object({
        account: z.string(),
        label: z.string(),
        currency: z.string(),
        opening: MoneyDto.meta({ description: 'Debit-positive balance before `from`' }),
        debit: MoneyDto,
        credit: MoneyDto,
        closing: MoneyDto,
      }),
    ),
    totals: z.array(z.object({ currency: z.string(), debit: MoneyDto, credit: MoneyDto, closing: MoneyDto })),
  })
  .meta({ id: 'TrialBalance' });
export type TrialBalance = z.infer<typeof TrialBalance>;

export const AccountLedger = z
  .object({
    account: z.string(),
    label: z.string().nullable(),
    opening: z.array(MoneyDto),
    lines: z.array(
      z.object({
        entryId: z.string().uuid(),
        ecritureNum: z.string(),
        date: IsoDate,
        journal: z.string(),
        auxiliaryAccount: z.string().nullable(),
        label: z.string(),
        pieceRef: z.string(),
        debit: MoneyDto,
        credit: MoneyDto,
        runningBalance: MoneyDto,
        caseId: z.string().uuid(),
        caseNumber: z.string(),
      }),
    ),
  })
  .meta({ id: 'AccountLedger' });
export type AccountLedger = z.infer<typeof AccountLedger>;

export const CustomerBalances = z
  .object({
    rows: z.array(
      z.object({
        partyId: z.string().uuid(),
        reference: z.string().nullable(),
        name: z.string(),
        company: z.string(),
        currency: z.string(),
        receivable: MoneyDto,
        unallocated: MoneyDto,
        net: MoneyDto,
        cases: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CustomerBalances' });
export type CustomerBalances = z.infer<typeof CustomerBalances>;

export const VerificationReport = z
  .object({
    asOf: IsoDate,
    dryRun: z.boolean(),
    validated: z.number().int(),
    journals: z.array(
      z.object({
        journal: z.string(),
        label: z.string(),
        entries: z.number().int(),
        totals: z.array(z.object({ currency: z.string(), debit: MoneyDto, credit: MoneyDto })),
      }),
    ),
    blocked: z.array(
      z.object({
        entryId: z.string().uuid(),
        caseNumber: z.string(),
        eventType: z.string(),
        entryDate: IsoDate,
        label: z.string(),
        reason: z.string(),
      }),
    ),
    pendingAfterAsOf: z.number().int(),
  })
  .meta({ id: 'VerificationReport' });
export type VerificationReport = z.infer<typeof VerificationReport>;

export const ValidateLedgerRequest = z.object({ asOf: IsoDate }).meta({ id: 'ValidateLedgerRequest' });

// --- Money-moving commands on a case (payments and allocations arrive by bank import later) ---
export const ReceivePaymentRequest = z
  .object({
    amount: MoneyDto,
    receivedOn: IsoDate,
    method: z
      .enum(['bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other'])
      .default('bank_transfer'),
    payer: z.string().optional(),
    bankReference: z.string().optional(),
  })
  .meta({ id: 'ReceivePaymentRequest' });
export const AllocatePaymentRequest = z
  .object({
    paymentId: z.string().uuid(),
    itemId: z.string().uuid().optional(),
    component: z.enum(['principal', 'interest', 'fees', 'costs']).default('principal'),
    amount: MoneyDto,
    allocatedOn: IsoDate,
  })
  .meta({ id: 'AllocatePaymentRequest' });
export const CancelAllocationRequest = z
  .object({ allocationId: z.string().uuid(), cancelledOn: IsoDate, reason: z.string().min(1) })
  .meta({ id: 'CancelAllocationRequest' });
export const ChargeRequest = z
  .object({ amount: MoneyDto, on: IsoDate, label: z.string().min(1) })
  .meta({ id: 'ChargeRequest', description: 'A fee or a recovery cost charged to the debtor' });
export const WriteOffRequest = z
  .object({
    itemId: z.string().uuid().optional(),
    component: z.enum(['principal', 'interest', 'fees', 'costs']).default('principal'),
    amount: MoneyDto,
    on: IsoDate,
    reason: z.string().min(1),
  })
  .meta({ id: 'WriteOffRequest' });
export const RefundRequest = z
  .object({ amount: MoneyDto, on: IsoDate, reason: z.string().min(1), payee: z.string().optional() })
  .meta({ id: 'RefundRequest' });

const GlAccountRuleDto = z.object({
  account: z.string().min(1).max(20),
  label: z.string().min(1),
  auxiliary: z.enum(['customer']).nullable(),
});
const JournalDefDto = z.object({ code: z.string().min(1).max(10), label: z.string().min(1) });

/** A posting scheme: how the sub-ledger maps to the general ledger, editable per tenant (E1). */
export const PostingSchemeDto = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lower-case letters, digits and "-"'),
    name: z.string().min(1),
    locale: z.enum(['fr', 'en']),
    accounts: z.object(
      Object.fromEntries(SubLedgerAccount.options.map((a) => [a, GlAccountRuleDto])) as Record<
        z.infer<typeof SubLedgerAccount>,
        typeof GlAccountRuleDto
      >,
    ),
    journals: z.object({ default: JournalDefDto, byEventType: z.record(z.string(), JournalDefDto) }),
    labels: z.record(z.string(), z.string()),
    customerAuxiliary: z.object({ prefix: z.string().max(10) }),
  })
  .meta({ id: 'PostingScheme' });
export type PostingSchemeDto = z.infer<typeof PostingSchemeDto>;

export const AdjustmentRequest = z
  .object({
    component: z.enum(['principal', 'interest', 'fees', 'costs']),
    amount: z.object({
      amount: z
        .string()
        .regex(/^-?\d+(\.\d+)?$/, 'a signed decimal: positive raises the debt, negative lowers it'),
      currency: z.string().regex(/^[A-Z]{3}$/),
    }),
    on: IsoDate,
    reason: z.string().min(1),
  })
  .meta({ id: 'AdjustmentRequest' });

export const InterestAccrualRequest = z
  .object({ amount: MoneyDto, from: IsoDate, to: IsoDate, on: IsoDate, label: z.string().default('') })
  .meta({ id: 'InterestAccrualRequest', description: 'Interest computed elsewhere, charged to the case' });
