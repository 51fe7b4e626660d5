import type { ColumnType, Generated } from 'kysely';

/** Timestamps are written as Date or ISO string and read back as Date. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type TenantsTable = { id: string; name: string; created_at: Generated<Date> };

export type EventsTable = {
  position: ColumnType<bigint, never, never>;
  transaction_id: ColumnType<string, never, never>;
  id: string;
  tenant_id: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  data: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  effective_date: string | null;
  recorded_at: Timestamp;
};

export type CheckpointsTable = {
  tenant_id: string;
  name: string;
  transaction_id: string;
  position: bigint;
  updated_at: Timestamp;
};

export type CompaniesTable = {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  created_at: Timestamp;
  book_currency: ColumnType<string, string | undefined, string>;
  posting_scheme: ColumnType<string, string | undefined, string>;
  siren: ColumnType<string | null, string | null | undefined, string | null>;
  profile: ColumnType<CompanyProfile, string | undefined, string>;
};

/** The legal entity as letters and emails present it (all optional). */
export type CompanyProfile = {
  legalName?: string;
  addressLines?: string[];
  city?: string;
  email?: string;
  phone?: string;
  website?: string;
  iban?: string;
  bic?: string;
  registration?: string;
  vatNumber?: string;
  senderName?: string;
  senderEmail?: string;
  replyTo?: string;
  collectorName?: string;
};

export type CaseTypesTable = {
  tenant_id: string;
  code: string;
  name: string;
  json_schema: Json<Record<string, unknown>>;
  created_at: Timestamp;
};

export type CaseNumberCountersTable = { tenant_id: string; year: number; last_value: bigint };

export type PartiesTable = {
  tenant_id: string;
  id: string;
  kind: string;
  reference: string | null;
  name: string;
  customer_type: string;
  country: string | null;
  language: string | null;
  identifiers: Json<unknown[]>;
  addresses: Json<unknown[]>;
  contacts: Json<unknown[]>;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CasesTable = {
  tenant_id: string;
  id: string;
  number: string;
  case_type: string;
  company_code: string;
  company_name: string;
  currency: string;
  debtor_party_id: string | null;
  debtor_name: string | null;
  debtor_reference: string | null;
  phase: string;
  status: string;
  archived: boolean;
  manager: string | null;
  custom_fields: Json<Record<string, unknown>>;
  team: ColumnType<string | null, string | null | undefined, string | null>;
  portfolio: ColumnType<string | null, string | null | undefined, string | null>;
  strategy: ColumnType<string | null, string | null | undefined, string | null>;
  manual_mode: ColumnType<boolean, boolean | undefined, boolean>;
  blacklisted: ColumnType<boolean, boolean | undefined, boolean>;
  outsourced_to: ColumnType<string | null, string | null | undefined, string | null>;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type CasePartiesTable = { tenant_id: string; case_id: string; party_id: string; role: string };

export type FinancialItemsTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  company_code: string;
  kind: string;
  number: string;
  issue_date: string;
  due_date: string;
  amount_minor: bigint;
  outstanding_minor: bigint;
  currency: string;
  structured_reference: string | null;
  created_at: Timestamp;
};

export type ImportRunsTable = {
  tenant_id: string;
  id: string;
  kind: string;
  file_name: string;
  sha256: string;
  summary: Json<Record<string, unknown>>;
  actor: Json<Record<string, unknown>>;
  created_at: Timestamp;
};

export type LedgerEntriesTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  company_code: string;
  event_id: string;
  event_type: string;
  source_key: string;
  entry_date: string;
  label: string;
  currency: string;
  reverses_entry_id: string | null;
  analytic: Json<Record<string, string>>;
  created_at: Timestamp;
  validated_on: string | null;
  journal_code: string | null;
  fiscal_year: number | null;
  validation_number: bigint | null;
};

export type LedgerPostingsTable = {
  tenant_id: string;
  entry_id: string;
  line: number;
  account: string;
  amount_minor: bigint;
  currency: string;
  item_id: string | null;
};

export type GlLinesTable = {
  tenant_id: string;
  entry_id: string;
  line_no: number;
  company_code: string;
  journal_code: string;
  journal_label: string;
  entry_date: string;
  account: string;
  account_label: string;
  aux_account: string | null;
  aux_label: string | null;
  label: string;
  piece_ref: string;
  debit_minor: bigint;
  credit_minor: bigint;
  currency: string;
  original_amount_minor: bigint | null;
  original_currency: string | null;
  fx_rate: string | null;
  analytic: Json<Record<string, string>>;
};

export type JournalSequencesTable = {
  tenant_id: string;
  company_code: string;
  journal_code: string;
  fiscal_year: number;
  last_value: bigint;
};

export type PostingSchemesTable = {
  tenant_id: string;
  code: string;
  scheme: Json<Record<string, unknown>>;
  updated_at: Timestamp;
};

export type FxRatesTable = {
  tenant_id: string;
  currency: string;
  book_currency: string;
  valid_from: string;
  rate: string;
  created_at: Timestamp;
};

export type BankAccountsTable = {
  tenant_id: string;
  id: string;
  iban: string | null;
  other_id: string | null;
  bic: string | null;
  currency: string;
  owner_name: string | null;
  csv_mapping: Json<Record<string, unknown> | null>;
  created_at: Timestamp;
};

export type BankEntriesTable = {
  tenant_id: string;
  id: string;
  bank_account_id: string;
  statement_id: string;
  format: string;
  location: string;
  bank_reference: string;
  booking_date: string;
  value_date: string | null;
  direction: 'credit' | 'debit';
  amount_minor: bigint;
  currency: string;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  end_to_end_id: string | null;
  remittance: Json<string[]>;
  status: 'unmatched' | 'partially_assigned' | 'assigned' | 'movement';
  assigned_minor: bigint;
  suggestions: Json<unknown[]>;
  version: number;
  imported_at: Timestamp;
};

export type RefundExportsTable = {
  tenant_id: string;
  refund_id: string;
  case_id: string;
  message_id: string;
  bank_account_id: string;
  exported_at: Timestamp;
};

export type TenantSettingsTable = {
  tenant_id: string;
  auto_allocation_threshold: ColumnType<number, number | undefined, number>;
  allocation_policy: ColumnType<string, string | undefined, string>;
  interest_regime: ColumnType<string, string | undefined, string>;
  organisation: ColumnType<Organisation, string | undefined, string>;
  agreements: ColumnType<Record<string, unknown>, string | undefined, string>;
  gdpr: ColumnType<Record<string, unknown>, string | undefined, string>;
};

export type AgreementsTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  kind: 'promise' | 'plan' | 'mandate' | 'dispute' | 'waiver';
  status: string;
  person: string | null;
  key_date: ColumnType<string | null, string | null, string | null>;
  amount_minor: ColumnType<bigint | null, bigint | null, bigint | null>;
  paid_minor: ColumnType<bigint | null, bigint | null, bigint | null>;
  currency: string;
  opened_on: ColumnType<string | null, string | null, string | null>;
  closed_on: ColumnType<string | null, string | null, string | null>;
  data: ColumnType<Record<string, unknown>, string, string>;
};

export type DirectDebitBatchesTable = {
  tenant_id: string;
  id: string;
  message_id: string;
  created_on: string;
  collection_date: string;
  count: number;
  total_minor: bigint;
  currency: string;
  document_id: string | null;
  transactions: ColumnType<unknown[], string, string>;
  created_by: string;
  created_at: ColumnType<Date, Date, Date>;
};

export type CashObjectivesTable = {
  tenant_id: string;
  company_code: string;
  portfolio: ColumnType<string, string | undefined, string>;
  month: string;
  amount_minor: bigint;
  currency: string;
  updated_by: string;
  updated_at: ColumnType<Date, Date, Date>;
};

export type Organisation = { supervisors: Record<string, string>; defaultSupervisor: string | null };

export type TasksTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  title: string;
  task_type: string;
  assignee: string | null;
  due: ColumnType<string, string, string>;
  priority: string;
  status: string;
  overdue_reported: ColumnType<boolean, boolean | undefined, boolean>;
  outcome: string | null;
  details: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: Json<{ kind: string; id: string }>;
  created_at: Timestamp;
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type TimersTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  name: string;
  due_on: ColumnType<string, string, string>;
  status: string;
  fired_on: string | null;
};

export type RuleSetsTable = {
  tenant_id: string;
  id: string;
  version: number;
  name: string;
  status: string;
  document: Json<Record<string, unknown>>;
  test_report: Json<Record<string, unknown> | null>;
  based_on: number | null;
  created_by: string;
  created_at: Timestamp;
  published_by: string | null;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
};

export type DocumentsTable = {
  tenant_id: string;
  id: string;
  case_id: string | null;
  kind: string;
  file_name: string;
  content_type: string;
  bytes: Buffer;
  sha256: string;
  created_at: Timestamp;
  created_by: Json<{ kind: string; id: string }>;
};

export type DunningActionsTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  run_on: string;
  strategy: string;
  variant: string | null;
  step_id: string;
  action_key: string;
  level: string;
  channel: string;
  status: string;
  message_id: string | null;
  document_id: string | null;
  item_ids: Json<string[]>;
  invoices: Json<string[]>;
  total_minor: bigint | null;
  cost: string | null;
  currency: string;
  postponed_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  reason: string | null;
  updated_at: Timestamp;
};

export type DunningTemplatesTable = {
  tenant_id: string;
  id: string;
  language: string;
  text: string;
  updated_by: string;
  updated_at: Timestamp;
};

export type RuleDecisionsTable = {
  tenant_id: string;
  id: string;
  case_id: string;
  trigger_event_id: string;
  trigger_type: string;
  rule_set_version: number;
  rule_id: string;
  rule_name: string;
  explanation: Json<Record<string, unknown>>;
  actions: Json<unknown[]>;
  event_ids: Json<string[]>;
  status: string;
  error: string | null;
  decided_at: Timestamp;
};

export type ReferenceRatesTable = {
  tenant_id: string;
  series: string;
  effective_from: string;
  rate_percent: string;
  source: string;
  created_at: Timestamp;
};

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type RolesTable = {
  tenant_id: string;
  code: string;
  name: string;
  permissions: Defaulted<string[]>;
  builtin: Defaulted<boolean>;
  updated_at: Timestamp;
};

export type UsersTable = {
  tenant_id: string;
  id: string;
  username: string;
  display_name: string;
  email: Nullable<string>;
  password_hash: Nullable<string>;
  roles: Defaulted<string[]>;
  status: Defaulted<'active' | 'disabled'>;
  team: Nullable<string>;
  supervisor: Nullable<string>;
  language: Defaulted<string>;
  mfa_secret: Nullable<string>;
  mfa_pending_secret: Nullable<string>;
  mfa_enabled_at: Nullable<Date | string>;
  mfa_last_step: Nullable<bigint>;
  recovery_codes: ColumnType<string[], string | undefined, string>;
  failed_logins: Defaulted<number>;
  locked_until: Nullable<Date | string>;
  last_login_at: Nullable<Date | string>;
  password_changed_at: Nullable<Date | string>;
  sso_issuer: Nullable<string>;
  sso_subject: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
};

export type SessionsTable = {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  method: string;
  mfa_pending: Defaulted<boolean>;
  created_at: ColumnType<Date, Date | string, Date | string>;
  last_seen_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: Nullable<Date | string>;
  ip: Nullable<string>;
  user_agent: Nullable<string>;
};

export type ApiKeysTable = {
  tenant_id: string;
  id: string;
  name: string;
  user_id: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  created_by: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: Nullable<Date | string>;
  last_used_at: Nullable<Date | string>;
  revoked_at: Nullable<Date | string>;
};

export type PasswordResetsTable = {
  tenant_id: string;
  token_hash: string;
  user_id: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: Nullable<Date | string>;
};

export type SsoLoginsTable = {
  tenant_id: string;
  state: string;
  provider: string;
  code_verifier: string;
  nonce: string;
  return_to: Nullable<string>;
  created_at: ColumnType<Date, Date | string, Date | string>;
};

export type AuditLogTable = {
  tenant_id: string;
  id: Generated<bigint>;
  at: ColumnType<Date, Date | string, never>;
  actor_kind: string;
  actor_id: string;
  origin_ip: Nullable<string>;
  via: Nullable<string>;
  action: string;
  target_type: Nullable<string>;
  target_id: Nullable<string>;
  outcome: Defaulted<string>;
  detail: ColumnType<Record<string, unknown>, string | undefined, never>;
  correlation_id: Nullable<string>;
};

export type TeamsTable = { tenant_id: string; code: string; name: string; supervisor: Nullable<string> };

export type PortfoliosTable = {
  tenant_id: string;
  code: string;
  name: string;
  team: Nullable<string>;
  owner: Nullable<string>;
};

export type AbsencesTable = {
  tenant_id: string;
  id: string;
  username: string;
  substitute: string;
  from_date: ColumnType<string, string, string>;
  to_date: ColumnType<string, string, string>;
  reason: Nullable<string>;
  created_by: string;
  created_at: Timestamp;
  cancelled_at: Nullable<Date | string>;
};

export type Database = {
  tenants: TenantsTable;
  events: EventsTable;
  checkpoints: CheckpointsTable;
  companies: CompaniesTable;
  case_types: CaseTypesTable;
  case_number_counters: CaseNumberCountersTable;
  parties: PartiesTable;
  cases: CasesTable;
  case_parties: CasePartiesTable;
  financial_items: FinancialItemsTable;
  import_runs: ImportRunsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_postings: LedgerPostingsTable;
  gl_lines: GlLinesTable;
  journal_sequences: JournalSequencesTable;
  fx_rates: FxRatesTable;
  posting_schemes: PostingSchemesTable;
  bank_accounts: BankAccountsTable;
  bank_entries: BankEntriesTable;
  tenant_settings: TenantSettingsTable;
  tasks: TasksTable;
  timers: TimersTable;
  rule_sets: RuleSetsTable;
  rule_decisions: RuleDecisionsTable;
  documents: DocumentsTable;
  dunning_actions: DunningActionsTable;
  dunning_templates: DunningTemplatesTable;
  refund_exports: RefundExportsTable;
  reference_rates: ReferenceRatesTable;
  agreements: AgreementsTable;
  direct_debit_batches: DirectDebitBatchesTable;
  cash_objectives: CashObjectivesTable;
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  password_resets: PasswordResetsTable;
  sso_logins: SsoLoginsTable;
  audit_log: AuditLogTable;
  teams: TeamsTable;
  portfolios: PortfoliosTable;
  absences: AbsencesTable;
};
