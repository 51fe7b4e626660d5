// The agreements API (promises to pay, payment plans, disputes, waivers, direct debits, cash
// forecast) is not in the api-contract yet: these types mirror the server's answers. Amounts are
// exact decimal strings in the answer's currency, dates YYYY-MM-DD.

/** An exact decimal amount, e.g. "120.50". */
export type Money = string;
/** A calendar date, YYYY-MM-DD. */
export type IsoDate = string;

export const CHANNELS = ['phone', 'email', 'letter', 'portal', 'in_person', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PROMISE_STATUSES = ['open', 'kept', 'partly_kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export type PromiseDto = {
  id: string;
  caseId: string;
  caseNumber: string;
  customer: string | null;
  amount: Money;
  currency: string;
  promisedFor: IsoDate;
  graceDays: number;
  channel: Channel;
  takenBy: string;
  takenOn: IsoDate;
  itemIds: string[];
  invoices: string[];
  status: PromiseStatus;
  paid: Money;
  resolvedOn: IsoDate | null;
  note: string | null;
};

export const PERIODICITIES = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export type Periodicity = (typeof PERIODICITIES)[number];

export type PlanTermsInput = {
  installments: number;
  periodicity: Periodicity;
  firstDate: IsoDate;
  downPayment?: Money;
  downPaymentDate?: IsoDate;
  /** A yearly percentage, "4.5". */
  annualRate?: string;
  fee?: Money;
  graceDays?: number;
  accelerateOnBreach?: boolean;
};

export type ScheduleLine = {
  number: number;
  kind: 'down_payment' | 'regular';
  dueDate: IsoDate;
  principal: Money;
  interest: Money;
  fee: Money;
  amount: Money;
};

export const INSTALLMENT_STATES = ['upcoming', 'due', 'paid', 'partly_paid', 'late', 'cancelled'] as const;
export type InstallmentState = (typeof INSTALLMENT_STATES)[number];

export const DEBIT_STATUSES = ['submitted', 'collected', 'returned'] as const;
export type DebitStatus = (typeof DEBIT_STATUSES)[number];

export type InstallmentDto = ScheduleLine & {
  paid: Money;
  state: InstallmentState;
  daysLate: number;
  directDebit: { endToEndId: string; status: DebitStatus; returnReason: string | null } | null;
};

export type MandateDto = {
  id: string;
  caseId: string;
  reference: string;
  signedOn: IsoDate;
  debtorName: string;
  iban: string;
  bic: string | null;
  status: 'active' | 'revoked';
  creditorId: string | null;
  collections: number;
};

export const PLAN_STATUSES = [
  'proposed',
  'active',
  'rejected',
  'completed',
  'breached',
  'cancelled',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export type PlanDto = {
  id: string;
  caseId: string;
  caseNumber: string;
  customer: string | null;
  currency: string;
  status: PlanStatus;
  origin: 'collector' | 'portal';
  proposedBy: string;
  proposedOn: IsoDate;
  approvedBy: string | null;
  approvedOn: IsoDate | null;
  itemIds: string[];
  invoices: string[];
  terms: PlanTermsInput;
  total: Money;
  paid: Money;
  remaining: Money;
  installments: InstallmentDto[];
  nextInstallment: InstallmentDto | null;
  approval: { required: boolean; reason: string | null; taskId: string | null };
  mandate: MandateDto | null;
  breach: { on: IsoDate; reason: string } | null;
  endedReason: string | null;
};

export const DISPUTE_STATUSES = ['open', 'under_review', 'accepted', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
/** The register's status filter: one status, the unresolved ones (`active`) or all. */
export const DISPUTE_FILTERS = ['active', 'open', 'under_review', 'accepted', 'rejected', 'all'] as const;
export type DisputeFilter = (typeof DISPUTE_FILTERS)[number];

export type Settlement = 'credit_note' | 'write_off';

export type DisputeDto = {
  id: string;
  caseId: string;
  caseNumber: string;
  customer: string | null;
  itemId: string | null;
  invoice: string | null;
  reasonCode: string;
  reasonLabel: string;
  amount: Money;
  currency: string;
  description: string;
  status: DisputeStatus;
  owner: string | null;
  deadline: IsoDate | null;
  overdue: boolean;
  openedBy: string;
  openedOn: IsoDate;
  resolvedOn: IsoDate | null;
  resolution: {
    outcome: 'accepted' | 'rejected';
    settlement: Settlement | null;
    amount: Money | null;
    comment: string;
  } | null;
  resolutionDays: number | null;
  /** An accepted settlement above its author's limit, waiting for someone else's approval. */
  pendingApproval?: boolean;
};

export const WAIVER_COMPONENTS = ['interest', 'fees', 'costs'] as const;
export type WaiverComponent = (typeof WAIVER_COMPONENTS)[number];

export type WaiverDto = {
  id: string;
  caseId: string;
  component: WaiverComponent;
  amount: Money;
  currency: string;
  reason: string;
  status: 'granted' | 'pending' | 'rejected';
  requestedBy: string;
  decidedBy: string | null;
  taskId: string | null;
};

export type OpenItem = { itemId: string; number: string; dueDate: IsoDate; outstanding: Money };

/** `GET /cases/{id}/agreements`. */
export type CaseAgreements = {
  currency: string;
  promises: PromiseDto[];
  plans: PlanDto[];
  disputes: DisputeDto[];
  mandates: MandateDto[];
  waivers: WaiverDto[];
  openItems: OpenItem[];
  charges: { interest: Money; fees: Money; costs: Money };
};

export type AgreementCommandResult = { caseId: string; version: number; events: string[] };

export type PromiseRequest = {
  amount: Money;
  promisedFor: IsoDate;
  channel: Channel;
  itemIds?: string[];
  graceDays?: number;
  note?: string;
  taskId?: string;
};

export type KeptRateRow = {
  key: string;
  made: number;
  kept: number;
  partlyKept: number;
  broken: number;
  open: number;
  /** 0..1 over the resolved promises; null when none is resolved. */
  keptRate: number | null;
  promised: Money;
  collected: Money;
  currency: string;
};

export type PlanPreviewRequest = { itemIds?: string[]; includeCharges?: boolean; terms: PlanTermsInput };

export type PlanPreview = {
  currency: string;
  covered: Money;
  schedule: { installments: ScheduleLine[]; principal: Money; interest: Money; fees: Money; total: Money };
  approval: { required: boolean; reason: string | null };
};

export type ProposePlanResult = {
  caseId: string;
  planId: string;
  status: 'proposed' | 'active';
  approval: { required: boolean; reason: string | null; taskId: string | null };
  version: number;
  events: string[];
};

export type DirectDebitBatch = {
  batchId: string;
  messageId: string;
  createdOn: string;
  collectionDate: IsoDate;
  count: number;
  total: Money;
  documentId: string | null;
};

/** One file of `POST /direct-debits/batches` (`{ items }`): one per company with installments due. */
export type PreparedBatch = Omit<DirectDebitBatch, 'createdOn'> & {
  company: string;
  transactions: {
    endToEndId: string;
    caseId: string;
    caseNumber: string;
    installment: number;
    amount: Money;
    sequenceType: string;
  }[];
};

export type DisputeStats = {
  open: number;
  underReview: number;
  overdue: number;
  resolved: number;
  averageResolutionDays: number | null;
  medianResolutionDays: number | null;
  byReason: { reasonCode: string; label: string; count: number; open: number; amount: Money }[];
};

export type DisputeList = { items: DisputeDto[]; stats: DisputeStats };

export type DisputeSettings = {
  reasonCodes: { code: string; label: string }[];
  excludeFromInterest: boolean;
  defaultDeadlineDays: number;
};

export type ForecastWeek = {
  weekStart: IsoDate;
  promises: Money;
  installments: Money;
  habits: Money;
  total: Money;
};

export type Forecast = {
  asOf: IsoDate;
  currency: string;
  weeks: ForecastWeek[];
  months: { month: string; forecast: Money; objective: Money | null; gap: Money | null }[];
};

export type CashObjective = {
  company: string;
  portfolio: string | null;
  month: string;
  amount: Money;
  currency: string;
};

/** The open tasks of a case (`GET /tasks?caseId=&status=open`), as much as this UI reads. */
export type CaseTask = {
  id: string;
  caseId: string;
  title: string;
  taskType: string;
  assignee: string | null;
  due: IsoDate;
  priority: string;
  status: string;
  overdue?: boolean;
};

// --- Paths ------------------------------------------------------------------------------------

export const AGREEMENTS_HREF = '/app/agreements';
export const PLANS_HREF = `${AGREEMENTS_HREF}/plans`;
export const PROMISES_HREF = `${AGREEMENTS_HREF}/promises`;
export const DISPUTES_HREF = `${AGREEMENTS_HREF}/disputes`;
export const FORECAST_HREF = `${AGREEMENTS_HREF}/forecast`;
export const DIRECT_DEBITS_HREF = `${AGREEMENTS_HREF}/direct-debits`;

const enc = encodeURIComponent;

export const caseHref = (caseId: string) => `/app/cases/${enc(caseId)}`;
export const planBuilderHref = (caseId: string) => `/app/cases/${enc(caseId)}/plan/new`;
export const planHref = (planId: string) => `${PLANS_HREF}/${enc(planId)}`;
export const documentHref = (documentId: string) => `/api/v1/documents/${enc(documentId)}`;

export const caseAgreementsPath = (caseId: string) => `/cases/${enc(caseId)}/agreements`;
export const caseTasksPath = (caseId: string) => `/tasks?caseId=${enc(caseId)}&status=open`;

/** A query string of the non-empty values, in the order given: `?status=open&owner=anna`. */
export function queryString(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
