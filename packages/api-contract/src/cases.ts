import { z } from 'zod';
import { ExplanationDto } from './rules';
import { Actor, IsoDate, MoneyDto, PageMeta } from './common';

export const Phase = z.enum(['prevention', 'amicable', 'default', 'legal', 'outsourced', 'closed']);
export type Phase = z.infer<typeof Phase>;

export const CaseStatus = z.enum(['open', 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const PartyRole = z.enum([
  'debtor',
  'creditor_client',
  'guarantor',
  'co_borrower',
  'lawyer',
  'bailiff',
  'agency',
  'supplier',
  'buyer',
]);
export type PartyRole = z.infer<typeof PartyRole>;

export const CaseSortKey = z.enum([
  'number',
  '-number',
  'debtor',
  '-debtor',
  'balance',
  '-balance',
  'overdue',
  '-overdue',
  'daysPastDue',
  '-daysPastDue',
  'updatedAt',
  '-updatedAt',
]);
export type CaseSortKey = z.infer<typeof CaseSortKey>;

export const CaseListQuery = z.object({
  q: z
    .string()
    .optional()
    .meta({ description: 'Search in case number, customer name and reference, invoice numbers' }),
  phase: Phase.optional(),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'Only cases with (true) or without (false) an overdue amount' }),
  status: CaseStatus.optional(),
  archived: z
    .enum(['true', 'false', 'all'])
    .optional()
    .meta({ description: 'Default false: archived cases are hidden' }),
  company: z.string().optional().meta({ description: 'Company (legal entity) code' }),
  manager: z.string().optional(),
  sort: CaseSortKey.optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuery>;

/** One line of the case list: the case summary read model. */
export const CaseSummary = z
  .object({
    id: z.string().uuid(),
    number: z.string(),
    caseType: z.string(),
    company: z.object({ code: z.string(), name: z.string() }),
    debtor: z
      .object({ id: z.string().uuid(), reference: z.string().nullable(), name: z.string() })
      .nullable(),
    currency: z.string(),
    balance: MoneyDto,
    overdue: MoneyDto,
    oldestDueDate: IsoDate.nullable().meta({
      description: 'Oldest due date among open items with a positive balance',
    }),
    daysPastDue: z
      .number()
      .int()
      .meta({ description: 'Days since the oldest overdue item fell due; 0 when nothing is overdue' }),
    openItems: z.number().int(),
    phase: Phase,
    status: CaseStatus,
    archived: z.boolean(),
    manager: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseList = z
  .object({ items: z.array(CaseSummary), meta: PageMeta, asOf: IsoDate })
  .meta({ id: 'CaseList' });
export type CaseList = z.infer<typeof CaseList>;

export const ItemKind = z.enum(['invoice', 'credit_note']);
export type ItemKind = z.infer<typeof ItemKind>;

export const ItemStatus = z.enum(['not_due', 'overdue', 'paid', 'credit']);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const FinancialItem = z
  .object({
    id: z.string().uuid(),
    kind: ItemKind,
    number: z.string(),
    issueDate: IsoDate,
    dueDate: IsoDate,
    amount: MoneyDto,
    outstanding: MoneyDto,
    structuredReference: z.string().nullable(),
    status: ItemStatus,
    daysPastDue: z.number().int(),
  })
  .meta({ id: 'FinancialItem' });
export type FinancialItem = z.infer<typeof FinancialItem>;

export const CaseParty = z
  .object({
    id: z.string().uuid(),
    role: PartyRole,
    kind: z.enum(['organisation', 'person']),
    reference: z.string().nullable(),
    name: z.string(),
    country: z.string().nullable(),
    language: z.string().nullable(),
    customerType: z.enum(['business', 'consumer']),
    emails: z.array(z.string()),
    phones: z.array(z.string()),
  })
  .meta({ id: 'CaseParty' });
export type CaseParty = z.infer<typeof CaseParty>;

export const CaseSteering = z
  .object({
    team: z.string().nullable(),
    portfolio: z.string().nullable(),
    strategy: z.string().nullable(),
    manualMode: z.boolean().meta({ description: 'B6: the rules make no automatic decision while true' }),
    blacklisted: z.boolean(),
    outsourcedTo: z.string().nullable(),
    openTasks: z.number().int(),
  })
  .meta({ id: 'CaseSteering' });
export type CaseSteering = z.infer<typeof CaseSteering>;

export const CaseDetail = CaseSummary.extend({
  steering: CaseSteering,
  customFields: z.record(z.string(), z.unknown()),
  parties: z.array(CaseParty),
  items: z.array(FinancialItem),
  version: z.number().int(),
  createdAt: z.string(),
  asOf: IsoDate,
}).meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof CaseDetail>;

/** One event of a case's history, newest first. `summary` is a short English fallback; the UI renders from `type` and `data`. */
export const ChronoEntry = z
  .object({
    id: z.string().uuid(),
    version: z.number().int(),
    type: z.string(),
    recordedAt: z.string(),
    effectiveDate: IsoDate.nullable(),
    actor: Actor,
    data: z.record(z.string(), z.unknown()),
    ledgerEntryId: z
      .string()
      .uuid()
      .nullable()
      .meta({ description: 'The journal entry this event posted, for financial events (E3)' }),
    why: z.object({ decisionId: z.string(), explanation: ExplanationDto }).nullable().meta({
      description: 'For an event a rule caused: the rule set version, the rule and the facts it used (B7)',
    }),
  })
  .meta({ id: 'ChronoEntry' });
export type ChronoEntry = z.infer<typeof ChronoEntry>;

export const Chrono = z.object({ items: z.array(ChronoEntry) }).meta({ id: 'Chrono' });
export type Chrono = z.infer<typeof Chrono>;

export const NoteType = z.enum(['general', 'call', 'new_address', 'dispute_info', 'promise_info']);
export type NoteType = z.infer<typeof NoteType>;

export const AddNoteRequest = z
  .object({
    text: z.string().trim().min(1, 'a note cannot be empty').max(10_000),
    noteType: NoteType.default('general'),
  })
  .meta({ id: 'AddNoteRequest' });
export type AddNoteRequest = z.input<typeof AddNoteRequest>;

export const AddItemRequest = z
  .object({
    kind: ItemKind.default('invoice'),
    number: z.string().trim().min(1),
    issueDate: IsoDate,
    dueDate: IsoDate,
    amount: MoneyDto,
    structuredReference: z.string().optional(),
  })
  .meta({ id: 'AddItemRequest' });
export type AddItemRequest = z.input<typeof AddItemRequest>;

export const CreateCaseRequest = z
  .object({
    caseType: z.string().default('receivable_account'),
    company: z.string().min(1).meta({ description: 'Company (legal entity) code; created if unknown' }),
    currency: z.string().regex(/^[A-Z]{3}$/),
    debtorId: z.string().uuid().meta({ description: 'An existing party of the registry' }),
    customFields: z.record(z.string(), z.unknown()).default({}),
    phase: Phase.optional(),
    manager: z.string().optional(),
  })
  .meta({ id: 'CreateCaseRequest' });
export type CreateCaseRequest = z.input<typeof CreateCaseRequest>;

export const ChangePhaseRequest = z
  .object({ phase: Phase, reason: z.string().optional() })
  .meta({ id: 'ChangePhaseRequest' });
export const AssignManagerRequest = z
  .object({ manager: z.string().min(1) })
  .meta({ id: 'AssignManagerRequest' });
export const AttachPartyRequest = z
  .object({ partyId: z.string().uuid(), role: PartyRole })
  .meta({ id: 'AttachPartyRequest', description: 'Attach a party of the registry to the case in a role' });
export type AttachPartyRequest = z.infer<typeof AttachPartyRequest>;
export const ChangeCustomFieldsRequest = z.object({ customFields: z.record(z.string(), z.unknown()) }).meta({
  id: 'ChangeCustomFieldsRequest',
  description: "Replace the case's custom fields (validated by the case type's schema)",
});
export const ReasonRequest = z.object({ reason: z.string().optional() }).meta({ id: 'ReasonRequest' });

export const CommandResult = z
  .object({
    caseId: z.string().uuid(),
    version: z.number().int(),
    events: z.array(z.string()),
    createdId: z
      .string()
      .uuid()
      .optional()
      .meta({ description: 'The id of what the command created (payment, allocation, fee, ...)' }),
  })
  .meta({ id: 'CommandResult' });
export type CommandResult = z.infer<typeof CommandResult>;
