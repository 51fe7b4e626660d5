import {
  CASE_FACTS_SCHEMA,
  DomainError,
  STANDARD_RULE_SET,
  canPublish,
  compileRuleSet,
  diffRuleSets,
  runRuleSetTests,
  type CompiledRuleSet,
  type Diagnostic,
  type RuleSetDocument,
} from '@quittance/domain';
import {
  RuleSetDocumentDto,
  type RuleSetDetailDto,
  type RuleSetSummaryDto,
  type TestReportDto,
} from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';

type RuleSetRow = {
  version: number;
  name: string;
  status: string;
  document: Record<string, unknown>;
  test_report: Record<string, unknown> | null;
  based_on: number | null;
  created_by: string;
  created_at: Date | string;
  published_by: string | null;
  published_at: Date | string | null;
};

const COLUMNS = [
  'version',
  'name',
  'status',
  'document',
  'test_report',
  'based_on',
  'created_by',
  'created_at',
  'published_by',
  'published_at',
] as const;

/** What a document is worth: its compile diagnostics and, when it compiles, its test report. */
export type RuleSetCheck = {
  readonly compiled: CompiledRuleSet | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly testReport: TestReportDto | null;
};

export const checkRuleSet = (document: RuleSetDocument): RuleSetCheck => {
  const compiled = compileRuleSet(document, CASE_FACTS_SCHEMA);
  if (!compiled.ok) return { compiled: null, diagnostics: compiled.diagnostics, testReport: null };
  const report = runRuleSetTests(compiled.value, document);
  return {
    compiled: compiled.value,
    diagnostics: compiled.diagnostics,
    testReport: JSON.parse(JSON.stringify(report)) as TestReportDto,
  };
};

/** Every new tenant starts from the standard library (B5), published as version 1. */
export const ensureDefaultRuleSet = async (tx: Tx, tenantId: string): Promise<void> => {
  const any = await tx.selectFrom('rule_sets').select('version').limit(1).executeTakeFirst();
  if (any) return;
  const check = checkRuleSet(STANDARD_RULE_SET);
  if (!check.compiled || !check.testReport || !canPublish(check.testReport)) {
    throw new Error(
      `the standard rule set does not pass its own checks: ${JSON.stringify(check.diagnostics.slice(0, 3))} ${JSON.stringify(check.testReport?.results.filter((r) => !r.ok).slice(0, 3))}`,
    );
  }
  const now = new Date();
  await tx
    .insertInto('rule_sets')
    .values({
      tenant_id: tenantId,
      id: crypto.randomUUID(),
      version: 1,
      name: STANDARD_RULE_SET.name,
      status: 'published',
      document: JSON.stringify(STANDARD_RULE_SET),
      test_report: JSON.stringify(check.testReport),
      based_on: null,
      created_by: 'system',
      created_at: now,
      published_by: 'system',
      published_at: now,
    })
    .execute();
};

export const listRuleSets = async (tx: Tx): Promise<RuleSetSummaryDto[]> => {
  const rows = (await tx
    .selectFrom('rule_sets')
    .select(COLUMNS)
    .orderBy('version', 'desc')
    .execute()) as RuleSetRow[];
  return rows.map(toSummary);
};

export const getRuleSet = async (tx: Tx, version: number): Promise<RuleSetDetailDto> => {
  const row = await loadRow(tx, version);
  const document = row.document as unknown as RuleSetDocument;
  const check = checkRuleSet(document);
  return {
    ...toSummary(row),
    document: document as RuleSetDetailDto['document'],
    diagnostics: [...check.diagnostics],
    testReport: check.testReport,
  };
};

/** The published version, if any, with its document. */
export const publishedRuleSet = async (
  tx: Tx,
): Promise<{ version: number; name: string; document: RuleSetDocument } | undefined> => {
  const row = await tx
    .selectFrom('rule_sets')
    .select(['version', 'name', 'document'])
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row
    ? { version: row.version, name: row.name, document: row.document as unknown as RuleSetDocument }
    : undefined;
};

/**
 * A new draft: a copy of `from` (default: the published version) or the given document. A draft
 * may be saved with errors — the editor shows them — but cannot be published until clean.
 */
export const createDraft = async (
  tx: Tx,
  tenantId: string,
  input: { from?: number | undefined; document?: RuleSetDocument | undefined },
  user: string,
  now: Date,
): Promise<RuleSetDetailDto> => {
  let document = input.document;
  let basedOn: number | null = null;
  if (!document) {
    const source = input.from !== undefined ? await loadRow(tx, input.from) : await publishedRow(tx);
    document = source.document as unknown as RuleSetDocument;
    basedOn = source.version;
  } else {
    basedOn = (await publishedRow(tx).catch(() => undefined))?.version ?? null;
  }
  const last = await tx
    .selectFrom('rule_sets')
    .select((eb) => eb.fn.max('version').as('max'))
    .executeTakeFirst();
  const version = Number(last?.max ?? 0) + 1;
  await tx
    .insertInto('rule_sets')
    .values({
      tenant_id: tenantId,
      id: crypto.randomUUID(),
      version,
      name: document.name,
      status: 'draft',
      document: JSON.stringify(document),
      test_report: JSON.stringify(null),
      based_on: basedOn,
      created_by: user,
      created_at: now,
    })
    .execute();
  return getRuleSet(tx, version);
};

export const updateDraft = async (
  tx: Tx,
  version: number,
  document: RuleSetDocument,
): Promise<RuleSetDetailDto> => {
  const row = await loadRow(tx, version);
  if (row.status !== 'draft') {
    throw new DomainError(
      'rule_set_not_draft',
      `version ${version} is ${row.status}; only a draft can change`,
    );
  }
  await tx
    .updateTable('rule_sets')
    .set({ document: JSON.stringify(document), name: document.name, test_report: JSON.stringify(null) })
    .where('version', '=', version)
    .execute();
  return getRuleSet(tx, version);
};

/**
 * Publishes a draft: it must compile without errors and every embedded test must pass. The
 * previous published version is retired in the same transaction; the database allows only one.
 */
export const publishRuleSet = async (
  tx: Tx,
  version: number,
  user: string,
  now: Date,
): Promise<RuleSetDetailDto> => {
  const row = await loadRow(tx, version);
  if (row.status !== 'draft') {
    throw new DomainError(
      'rule_set_not_draft',
      `version ${version} is ${row.status}; only a draft can be published`,
    );
  }
  const check = checkRuleSet(row.document as unknown as RuleSetDocument);
  const errors = check.diagnostics.filter((d) => d.severity === 'error');
  if (!check.compiled || errors.length > 0) {
    throw new DomainError(
      'rule_set_invalid',
      `version ${version} has ${errors.length} error(s): ${describe(errors[0])}`,
      {
        diagnostics: errors,
        issues: errors.map((d) => ({
          path: `${d.where ?? 'rule set'} (line ${d.start.line}, column ${d.start.column})`,
          message: d.message,
        })),
      },
    );
  }
  if (!check.testReport || !canPublish(check.testReport)) {
    const failed = check.testReport?.results.filter((r) => !r.ok) ?? [];
    throw new DomainError(
      'rule_set_tests_failed',
      `version ${version} cannot be published: ${failed.length} test(s) fail — ${failed
        .map((f) => `"${f.name}": ${f.failures[0] ?? 'failed'}`)
        .join('; ')}`,
      {
        testReport: check.testReport,
        issues: failed.map((f) => ({ path: `test "${f.name}"`, message: f.failures.join('; ') })),
      },
    );
  }
  await tx.updateTable('rule_sets').set({ status: 'retired' }).where('status', '=', 'published').execute();
  await tx
    .updateTable('rule_sets')
    .set({
      status: 'published',
      published_by: user,
      published_at: now,
      test_report: JSON.stringify(check.testReport),
    })
    .where('version', '=', version)
    .execute();
  return getRuleSet(tx, version);
};

export const diffVersions = async (tx: Tx, from: number, to: number) => {
  const [a, b] = [await loadRow(tx, from), await loadRow(tx, to)];
  const diff = diffRuleSets(
    a.document as unknown as RuleSetDocument,
    b.document as unknown as RuleSetDocument,
  );
  return { from, to, ...diff };
};

/** Parses and validates a document from outside (API body, file): a DomainError naming the field. */
export const parseRuleSetDocument = (input: unknown): RuleSetDocument => {
  const parsed = RuleSetDocumentDto.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('rule_set_invalid', `${issue.path.join('.') || 'document'}: ${issue.message}`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data as unknown as RuleSetDocument;
};

const describe = (d: Diagnostic | undefined): string =>
  d
    ? `${d.where ? `${d.where}: ` : ''}${d.message} (line ${d.start.line}, column ${d.start.column})`
    : 'unknown error';

const loadRow = async (tx: Tx, version: number): Promise<RuleSetRow> => {
  const row = (await tx
    .selectFrom('rule_sets')
    .select(COLUMNS)
    .where('version', '=', version)
    .executeTakeFirst()) as RuleSetRow | undefined;
  if (!row) throw new DomainError('rule_set_not_found', `no rule set version ${version}`);
  return row;
};

const publishedRow = async (tx: Tx): Promise<RuleSetRow> => {
  const row = (await tx
    .selectFrom('rule_sets')
    .select(COLUMNS)
    .where('status', '=', 'published')
    .executeTakeFirst()) as RuleSetRow | undefined;
  if (!row) throw new DomainError('rule_set_not_found', 'no published rule set');
  return row;
};

const iso = (value: Date | string | null): string | null =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

const toSummary = (row: RuleSetRow): RuleSetSummaryDto => {
  const document = row.document as unknown as RuleSetDocument;
  return {
    version: row.version,
    name: row.name,
    status: row.status as RuleSetSummaryDto['status'],
    basedOn: row.based_on,
    createdBy: row.created_by,
    createdAt: iso(row.created_at)!,
    publishedBy: row.published_by,
    publishedAt: iso(row.published_at),
    counts: {
      decisions: document.decisions?.length ?? 0,
      reactions: document.reactions?.length ?? 0,
      tests: document.tests?.length ?? 0,
    },
  };
};
