import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import {
  computeLateInterest,
  interestResultToJson,
  isKnownCurrency,
  tryParseDate,
  tryParseMoney,
  type InterestRequest,
} from '@quittance/domain';
import { tenantReferenceRates } from '../interest/reference-rates';
import { accrueInterest } from '../interest/accrue';
import { tenantPostingSchemes } from '../ledger/posting-schemes';
import { ensureCompany } from '../application/cases.commands';
import { exportFec } from '../ledger/fec-export';
import { importStatementFile, StatementFileError } from '../payments/statement-import';
import { exportRefunds } from '../payments/refund-export';
import { exportJournalCsv } from '../ledger/journal-export';
import { validateLedger } from '../ledger/ledger-validation';
import { verifyLedger } from '../ledger/ledger-verify';
import { renderVerificationReport } from './ledger-report';
import { loadConfig } from '../config';
import { migrateToLatest } from '../db/migrate';
import { withTenant } from '../db/tenancy';
import { openDatabase } from '../db/database';
import type { CommandContext } from '../application/context';
import { ImportFileError, importInvoiceFile } from '../application/import-invoices';
import { newCorrelationId } from '../event-store/event-store';
import { createApp, DEFAULT_WEB_DIST } from '../http/app';
import { DEMO_PASSWORD, DEMO_USERS, ensureDemoUsers, seedDemo } from '../demo/demo-seed';
import { seedDunningHistory } from '../demo/demo-dunning';
import { ensureTenant } from '../db/tenancy';
import { openRuntime, prepareTenant } from '../runtime';
import { showCases } from './case-show';
import { rulesExport, rulesProcess, rulesPublish, rulesTest } from './rules';
import { dunningRun } from './dunning';
import { createRulesWorker } from '../rules/worker';
import { createMailer, createSmsProvider } from '../dunning/channels';

const USAGE = `usage: quittance <command> [options]

commands:
  start [--port 3000]            migrate, seed demo data into an empty database, serve the app
  migrate                        apply database migrations
  import invoices FILE           import customers and open items (CSV or XLSX)
  import statement FILE [--account IBAN]
                                 import a bank statement (camt.053/054, MT940, or CSV read with the account's saved mapping)
  case show REF                  one case by case number, invoice number or customer reference
  ledger validate                the daily verification: validate every balanced entry up to --as-of
  ledger verify                  replay the event log and compare it with the stored ledger
  export fec --from D --to D --siren N --out DIR
                                 the FEC file <SIREN>FEC<YYYYMMDD>.txt of validated entries
  export journal --from D --to D --out FILE [--company CODE] [--summary]
                                 validated general-ledger lines as CSV (detailed, or per account and day)
  export refunds --out DIR [--execution-date D]
                                 refunds not yet sent, as SEPA pain.001.001.09 files (one per paying account)
  interest --jurisdiction FR|DE|UK|EU|CONTRACT --principal 10000.00 --currency EUR --due D --paid D
           [--debtor business|consumer] [--rate 15.00] [--day-count ACT/365|ACT/360|ACT/ACT] [--fr-mode split|frozen]
                                 statutory or contractual late interest and the fixed compensation
  interest accrue [--as-of D]    accrue late interest up to D on every open case, charge recovery indemnities once
  company set CODE [--book-currency EUR] [--scheme fr-pcg|generic-en] [--siren N] [--name NAME]
  fx set CURRENCY BOOK_CURRENCY VALID_FROM RATE
                                 an FX rate: BOOK_CURRENCY units for one CURRENCY unit from VALID_FROM
  rules test FILE                compile a rule set file (YAML or JSON) and run its embedded tests (no database)
  rules publish FILE             store the file as a new rule set version and publish it if its tests pass
  rules export --out FILE [--version N]
                                 a rule set version as YAML (default: the published one)
  rules process [--as-of D]      run the Expert System now: due timers, overdue tasks, new events
  dunning run [--as-of D]        run what dunning has due: reminders by email, SMS and letter, call tasks

options:
  --tenant NAME                  the tenant (default: demo)
  --as-of YYYY-MM-DD             the business date ("today")
  --json                         one JSON object on stdout
  --no-seed                      start without demo data

environment: DATABASE_URL (PostgreSQL) or QUITTANCE_DATA (PGlite folder, default ./data, or "memory")`;

class UsageError extends Error {}

/** Runs one command; returns the process exit code. */
export const main = async (argv: string[]): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        tenant: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        'no-seed': { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        siren: { type: 'string' },
        out: { type: 'string' },
        'book-currency': { type: 'string' },
        scheme: { type: 'string' },
        name: { type: 'string' },
        company: { type: 'string' },
        account: { type: 'string' },
        'execution-date': { type: 'string' },
        jurisdiction: { type: 'string' },
        principal: { type: 'string' },
        currency: { type: 'string' },
        due: { type: 'string' },
        paid: { type: 'string' },
        debtor: { type: 'string' },
        rate: { type: 'string' },
        'day-count': { type: 'string' },
        'fr-mode': { type: 'string' },
        summary: { type: 'boolean', default: false },
        version: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`quittance: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  try {
    const asOf = values['as-of'];
    if (asOf !== undefined && !tryParseDate(asOf))
      throw new UsageError(`--as-of: invalid date "${asOf}", expected YYYY-MM-DD`);
    const options = { tenant: values.tenant ?? loadConfig().defaultTenant, asOf, json: values.json };
    const [command, ...rest] = positionals;
    switch (command) {
      case 'migrate':
        return await migrate(options.json);
      case 'start':
        return await start({ ...options, port: values.port, seed: !values['no-seed'] });
      case 'import':
        if (rest[0] === 'statement' && rest[1])
          return await importStatement(options, rest[1], values.account);
        if (rest[0] !== 'invoices' || !rest[1]) {
          throw new UsageError('usage: quittance import invoices FILE | quittance import statement FILE');
        }
        return await importInvoices(options, rest[1]);
      case 'case':
        if (rest[0] !== 'show' || !rest[1]) throw new UsageError('usage: quittance case show REF');
        return await caseShow(options, rest[1]);
      case 'ledger':
        if (rest[0] === 'validate') return await ledgerValidate(options);
        if (rest[0] === 'verify') return await ledgerVerify(options);
        throw new UsageError('usage: quittance ledger validate|verify');
      case 'export': {
        if (rest[0] === 'refunds') {
          if (!values.out) throw new UsageError('export refunds needs --out DIR');
          const executionDate =
            values['execution-date'] ?? options.asOf ?? new Date().toISOString().slice(0, 10);
          if (!tryParseDate(executionDate))
            throw new UsageError(`--execution-date: invalid date "${executionDate}"`);
          return await refundExport(options, values.out, executionDate);
        }
        if (rest[0] === 'journal') {
          const { from, to, out } = values;
          if (!from || !to || !out) throw new UsageError('export journal needs --from, --to and --out');
          return await journalExport(options, {
            from,
            to,
            out,
            company: values.company,
            summary: values.summary,
          });
        }
        if (rest[0] !== 'fec')
          throw new UsageError('usage: quittance export fec --from D --to D --siren N --out DIR');
        const { from, to, siren, out } = values;
        if (!from || !to || !siren || !out)
          throw new UsageError('export fec needs --from, --to, --siren and --out');
        for (const [flag, value] of [
          ['--from', from],
          ['--to', to],
        ] as const) {
          if (!tryParseDate(value))
            throw new UsageError(`${flag}: invalid date "${value}", expected YYYY-MM-DD`);
        }
        return await fecExport(options, { from, to, siren, out });
      }
      case 'company':
        if (rest[0] !== 'set' || !rest[1])
          throw new UsageError('usage: quittance company set CODE [options]');
        return await companySet(options, rest[1], {
          bookCurrency: values['book-currency'],
          scheme: values.scheme,
          siren: values.siren,
          name: values.name,
        });
      case 'interest':
        if (rest[0] === 'accrue') return await interestAccrue(options);
        return await interest(options, values);
      case 'fx':
        if (rest[0] !== 'set' || rest.length !== 5) {
          throw new UsageError('usage: quittance fx set CURRENCY BOOK_CURRENCY VALID_FROM RATE');
        }
        return await fxSet(options, rest[1]!, rest[2]!, rest[3]!, rest[4]!);
      case 'dunning':
        if (rest[0] !== 'run') throw new UsageError('usage: quittance dunning run [--as-of D] [--json]');
        return await withTenantRuntime(options, (ctx) => dunningRun(ctx, options));
      case 'rules': {
        const usage = 'usage: quittance rules test FILE | publish FILE | export --out FILE | process';
        if (rest[0] === 'test' && rest[1]) return await rulesTest(rest[1], options);
        if (rest[0] === 'publish' && rest[1])
          return await withTenantRuntime(options, (ctx) => rulesPublish(ctx, rest[1]!, options));
        if (rest[0] === 'export') {
          if (!values.out) throw new UsageError('rules export needs --out FILE');
          const version = values.version === undefined ? undefined : Number(values.version);
          if (version !== undefined && !(Number.isInteger(version) && version > 0))
            throw new UsageError(`--version: invalid version "${values.version}"`);
          return await withTenantRuntime(options, (ctx) => rulesExport(ctx, values.out!, version));
        }
        if (rest[0] === 'process')
          return await withTenantRuntime(options, (ctx) => rulesProcess(ctx, options));
        throw new UsageError(usage);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`quittance: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ImportFileError || error instanceof StatementFileError) {
      process.stderr.write(`quittance: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`quittance: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
};

type Options = { tenant: string; asOf: string | undefined; json: boolean };

const context = async (runtimeDb: CommandContext['db'], options: Options, actor: CommandContext['actor']) => {
  const now = new Date();
  return {
    db: runtimeDb,
    tenant: await ensureTenant(runtimeDb, options.tenant),
    actor,
    now,
    today: options.asOf ?? now.toISOString().slice(0, 10),
    correlationId: newCorrelationId(),
  } satisfies CommandContext;
};

const out = (options: { json: boolean }, json: unknown, human: string) =>
  process.stdout.write(options.json ? `${JSON.stringify(json)}\n` : `${human}\n`);

const migrate = async (json: boolean): Promise<number> => {
  const database = await openDatabase(loadConfig().database);
  try {
    const report = await migrateToLatest(database.db as never);
    out(
      { json },
      report,
      report.applied.length
        ? `applied: ${report.applied.join(', ')}`
        : `up to date (${report.alreadyApplied} migrations)`,
    );
    return 0;
  } finally {
    await database.close();
  }
};

const importInvoices = async (options: Options, file: string): Promise<number> => {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const runtime = await openRuntime();
  try {
    await prepareTenant(runtime, options.tenant);
    const ctx = await context(runtime.database.db, options, { kind: 'import', id: basename(file) });
    const s = await importInvoiceFile(ctx, file, content);
    const warnings = s.conflicts.map((c) => `  warning: ${s.file}:${c.line} ${c.invoice}: ${c.message}`);
    out(
      options,
      s,
      [
        `${s.file}: ${s.lines} lines — ${s.items} new items, ${s.duplicates} already imported; ` +
          `${s.customers} new customers (${s.customersUpdated} updated), ${s.cases} new cases`,
        ...warnings,
      ].join('\n'),
    );
    return 0;
  } finally {
    await runtime.database.close();
  }
};

const importStatement = async (
  options: Options,
  file: string,
  account: string | undefined,
): Promise<number> => {
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const runtime = await openRuntime();
  try {
    await prepareTenant(runtime, options.tenant);
    const ctx = await context(runtime.database.db, options, { kind: 'import', id: basename(file) });
    const s = await importStatementFile(ctx, file, content, { account });
    out(
      options,
      s,
      [
        `${basename(file)} (${s.format}): ${s.statements} statement(s), ${s.entries} entries — ${s.imported} imported, ` +
          `${s.duplicates} already imported; ${s.matched} matched, ${s.partial} partial, ${s.unmatched} in the unallocated queue, ` +
          `${s.movements} bank movements`,
        ...s.allocations.map((a) => `  ${a.entry} → ${a.invoice} ${a.amount} ${a.currency} (${a.rule})`),
      ].join('\n'),
    );
    return 0;
  } finally {
    await runtime.database.close();
  }
};

const caseShow = async (options: Options, reference: string): Promise<number> => {
  const runtime = await openRuntime();
  try {
    const tenant = await prepareTenant(runtime, options.tenant);
    const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
    const result = await withTenant(runtime.database.db, tenant.id, (tx) => showCases(tx, reference, asOf));
    if (result.cases.length === 0) {
      process.stderr.write(
        `quittance: no case matches "${reference}" (case number, invoice number or customer reference)\n`,
      );
      return 1;
    }
    out(options, result, result.text);
    return 0;
  } finally {
    await runtime.database.close();
  }
};

const start = async (options: Options & { port: string | undefined; seed: boolean }): Promise<number> => {
  const config = loadConfig();
  const port = options.port === undefined ? config.port : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: invalid port "${options.port}"`);
  const runtime = await openRuntime(config);
  const tenant = await prepareTenant(runtime, options.tenant);
  const db = runtime.database.db;
  const empty = !(await withTenant(db, tenant.id, (tx) =>
    tx.selectFrom('events').select('id').limit(1).executeTakeFirst(),
  ));
  if (empty && options.seed) {
    process.stdout.write(`seeding demo data into tenant "${tenant.name}"…\n`);
    const ctx = await context(db, options, { kind: 'system', id: 'demo-seed' });
    const seeded = await seedDemo(ctx);
    process.stdout.write(
      `seeded ${seeded.customers} customers, ${seeded.cases} cases, ${seeded.items} items; ${seeded.validated} ledger entries validated\n`,
    );
  }
  const seedHistory = empty && options.seed;
  if (options.seed) {
    const users = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom('users').select('id').limit(1).execute(),
    );
    if (users.length === 0)
      await ensureDemoUsers(await context(db, options, { kind: 'system', id: 'demo-seed' }));
    process.stdout.write(
      `demo accounts: ${DEMO_USERS.map((u) => `${u.username} (${u.roles.join(', ')})`).join(', ')}; password "${DEMO_PASSWORD}"\n`,
    );
  }
  // The Expert System runs beside the API: on every change and every few seconds (timers, deadlines).
  const channels = {
    mailer: createMailer(config.channels.mail),
    sms: createSmsProvider(config.channels.sms),
  };
  const rules = createRulesWorker({ db, clock: () => new Date(), asOf: options.asOf, dunning: channels });
  const app = createApp({
    db,
    databaseKind: runtime.database.kind,
    resolveTenant: (name) =>
      db.selectFrom('tenants').select(['id', 'name']).where('name', '=', name).executeTakeFirst(),
    defaultTenant: tenant.name,
    clock: () => new Date(),
    asOf: options.asOf,
    webDist: DEFAULT_WEB_DIST,
    rules,
    channels,
    sso: config.sso,
  });
  const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, (info) => {
    process.stdout.write(
      `Quittance is running on http://localhost:${info.port}/ (database: ${runtime.database.kind})\n`,
    );
  });
  // A month of dunning history for the demo (the champion/challenger report has figures), written
  // while the app already serves; the Expert System starts once it is there.
  if (seedHistory) {
    const ctx = await context(db, options, { kind: 'system', id: 'demo-seed' });
    const history = await seedDunningHistory(ctx);
    process.stdout.write(
      `demo dunning history: ${history.steps} actions a month ago, ${history.paidAfter} customers paid since\n`,
    );
  }
  rules.start(async () => [tenant], { intervalMs: 5_000 });
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await rules.stop();
  await channels.mailer.close();
  await runtime.database.close();
  return 0;
};

const withTenantRuntime = async <T>(
  options: Options,
  work: (ctx: CommandContext) => Promise<T>,
): Promise<T> => {
  const runtime = await openRuntime();
  try {
    await prepareTenant(runtime, options.tenant);
    return await work(await context(runtime.database.db, options, { kind: 'user', id: cliUser() }));
  } finally {
    await runtime.database.close();
  }
};

/** The operator at the terminal, for the audit trail. */
const cliUser = (): string => `cli:${userInfo().username}`;

const ledgerValidate = (options: Options): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    const report = await validateLedger(ctx, { asOf: ctx.today, dryRun: false });
    out(options, report, renderVerificationReport(report));
    return 0;
  });

const ledgerVerify = (options: Options): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    const result = await withTenant(ctx.db, ctx.tenant.id, (tx) => verifyLedger(tx));
    out(
      options,
      result,
      result.mismatches.length === 0
        ? `ledger verified: ${result.entries} entries match the replay of ${result.events} events`
        : [`${result.mismatches.length} mismatch(es):`, ...result.mismatches.map((m) => `  ${m}`)].join('\n'),
    );
    return result.mismatches.length === 0 ? 0 : 1;
  });

const fecExport = (
  options: Options,
  args: { from: string; to: string; siren: string; out: string },
): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    const fec = await withTenant(ctx.db, ctx.tenant.id, (tx) => exportFec(tx, args));
    mkdirSync(args.out, { recursive: true });
    const path = join(args.out, fec.fileName);
    writeFileSync(path, fec.content, 'utf8');
    for (const warning of fec.warnings) process.stderr.write(`quittance: warning: ${warning}\n`);
    out(
      options,
      { file: path, entries: fec.entries, lines: fec.lines, companies: fec.companies },
      `${path}: ${fec.entries} entries, ${fec.lines} lines (${fec.companies.join(', ')})`,
    );
    return 0;
  });

const refundExport = (options: Options, outDir: string, executionDate: string): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    const result = await exportRefunds(ctx, { executionDate });
    mkdirSync(outDir, { recursive: true });
    const files = result.files.map((f) => {
      const path = join(outDir, f.fileName);
      writeFileSync(path, f.content, 'utf8');
      return { file: path, messageId: f.messageId, refunds: f.refunds, debtorIban: f.iban };
    });
    out(
      options,
      { files, blocked: result.blocked },
      [
        files.length
          ? files.map((f) => `${f.file}: ${f.refunds} refund(s) from ${f.debtorIban}`).join('\n')
          : 'no refund to send',
        ...result.blocked.map((b) => `  blocked: refund ${b.refundId} (case ${b.caseId}): ${b.reason}`),
      ].join('\n'),
    );
    return 0;
  });

const interest = (options: Options, v: Record<string, string | boolean | undefined>): Promise<number> => {
  const text = (name: string): string | undefined =>
    typeof v[name] === 'string' ? (v[name] as string) : undefined;
  const required = ['jurisdiction', 'principal', 'currency', 'due', 'paid'].filter((name) => !text(name));
  if (required.length) throw new UsageError(`interest needs ${required.map((n) => `--${n}`).join(', ')}`);
  const jurisdiction = text('jurisdiction')!.toUpperCase();
  if (!['FR', 'DE', 'UK', 'EU', 'CONTRACT'].includes(jurisdiction)) {
    throw new UsageError(`--jurisdiction: "${jurisdiction}" is not one of FR, DE, UK, EU, CONTRACT`);
  }
  const debtor = text('debtor') ?? 'business';
  if (debtor !== 'business' && debtor !== 'consumer')
    throw new UsageError(`--debtor: business or consumer, not "${debtor}"`);
  const dayCount = text('day-count');
  if (dayCount !== undefined && !['ACT/365', 'ACT/360', 'ACT/ACT'].includes(dayCount)) {
    throw new UsageError(`--day-count: ACT/365, ACT/360 or ACT/ACT, not "${dayCount}"`);
  }
  const frMode = text('fr-mode');
  if (frMode !== undefined && frMode !== 'split' && frMode !== 'frozen')
    throw new UsageError('--fr-mode: split or frozen');
  for (const flag of ['due', 'paid']) {
    if (!tryParseDate(text(flag)!))
      throw new UsageError(`--${flag}: invalid date "${text(flag)}", expected YYYY-MM-DD`);
  }
  const currency = text('currency')!.toUpperCase();
  if (!isKnownCurrency(currency)) throw new UsageError(`--currency: unknown currency "${currency}"`);
  const principal = tryParseMoney(text('principal')!, currency);
  if (!principal.ok) throw new UsageError(`--principal: ${principal.reason}`);
  return withTenantRuntime(options, async (ctx) => {
    const { rates, knownThrough } = await withTenant(ctx.db, ctx.tenant.id, (tx) => tenantReferenceRates(tx));
    const result = computeLateInterest(
      {
        jurisdiction: jurisdiction as InterestRequest['jurisdiction'],
        principal: principal.value,
        dueDate: text('due')!,
        paidDate: text('paid')!,
        debtor,
        ...(text('rate') !== undefined && { contractualRatePercent: text('rate')! }),
        ...(dayCount !== undefined && { dayCount: dayCount as 'ACT/365' | 'ACT/360' | 'ACT/ACT' }),
        ...(frMode !== undefined && { frMode }),
      },
      rates,
      { ratesKnownThrough: knownThrough },
    );
    const json = interestResultToJson(result);
    out(
      options,
      json,
      [
        `interest ${json.interest} ${json.currency}${json.compensation ? `, fixed compensation ${json.compensation}` : ''}`,
        ...json.periods.map(
          (p) => `  ${p.from} → ${p.to}  ${String(p.days).padStart(4)} days at ${p.rate} %  ${p.amount}`,
        ),
        ...result.warnings.map((w) => `  warning: ${w}`),
      ].join('\n'),
    );
    return 0;
  });
};

const interestAccrue = (options: Options): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    const run = await accrueInterest(ctx, ctx.today);
    out(
      options,
      run,
      [
        `interest accrued up to ${run.asOf}: ${run.accrued.length} of ${run.cases} cases, ${run.indemnities} recovery indemnities`,
        ...run.accrued.map((a) => `  ${a.caseNumber} ${a.amount} ${a.currency} (${a.from ?? '?'} → ${a.to})`),
        ...run.skipped.map((s) => `  skipped ${s.caseNumber}: ${s.reason}`),
      ].join('\n'),
    );
    return 0;
  });

const journalExport = (
  options: Options,
  args: { from: string; to: string; out: string; company: string | undefined; summary: boolean },
): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    for (const [flag, value] of [
      ['--from', args.from],
      ['--to', args.to],
    ] as const) {
      if (!tryParseDate(value)) throw new UsageError(`${flag}: invalid date "${value}", expected YYYY-MM-DD`);
    }
    const mode = args.summary ? 'summary' : 'detailed';
    const csv = await withTenant(ctx.db, ctx.tenant.id, (tx) =>
      exportJournalCsv(tx, { from: args.from, to: args.to, company: args.company, mode }),
    );
    writeFileSync(args.out, csv.content, 'utf8');
    out(
      options,
      { file: args.out, lines: csv.lines, mode },
      `${args.out}: ${csv.lines} general-ledger lines (${mode})`,
    );
    return 0;
  });

const companySet = (
  options: Options,
  code: string,
  settings: {
    bookCurrency?: string | undefined;
    scheme?: string | undefined;
    siren?: string | undefined;
    name?: string | undefined;
  },
): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    if (settings.bookCurrency !== undefined && !isKnownCurrency(settings.bookCurrency)) {
      throw new UsageError(`--book-currency: unknown currency "${settings.bookCurrency}"`);
    }
    if (settings.siren !== undefined && !/^\d{9}$/.test(settings.siren)) {
      throw new UsageError(`--siren: "${settings.siren}" is not 9 digits`);
    }
    const company = await withTenant(ctx.db, ctx.tenant.id, async (tx) => {
      const schemes = await tenantPostingSchemes(tx);
      if (settings.scheme !== undefined && !schemes.has(settings.scheme)) {
        throw new UsageError(
          `--scheme: unknown posting scheme "${settings.scheme}" (${[...schemes.keys()].join(', ')})`,
        );
      }
      await ensureCompany(tx, ctx, code, settings.name);
      await tx
        .updateTable('companies')
        .set({
          ...(settings.bookCurrency && { book_currency: settings.bookCurrency }),
          ...(settings.scheme && { posting_scheme: settings.scheme }),
          ...(settings.siren && { siren: settings.siren }),
          ...(settings.name && { name: settings.name }),
        })
        .where('code', '=', code)
        .execute();
      return tx
        .selectFrom('companies')
        .select(['code', 'name', 'book_currency', 'posting_scheme', 'siren'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
    });
    out(
      options,
      company,
      `${company.code} ${company.name}: book currency ${company.book_currency}, scheme ${company.posting_scheme}, SIREN ${company.siren ?? '—'}`,
    );
    return 0;
  });

const fxSet = (
  options: Options,
  currency: string,
  bookCurrency: string,
  validFrom: string,
  rate: string,
): Promise<number> =>
  withTenantRuntime(options, async (ctx) => {
    for (const code of [currency, bookCurrency]) {
      if (!isKnownCurrency(code)) throw new UsageError(`unknown currency "${code}"`);
    }
    if (!tryParseDate(validFrom)) throw new UsageError(`invalid date "${validFrom}", expected YYYY-MM-DD`);
    if (!/^\d+(\.\d+)?$/.test(rate) || /^0+(\.0+)?$/.test(rate))
      throw new UsageError(`invalid rate "${rate}"`);
    await withTenant(ctx.db, ctx.tenant.id, (tx) =>
      tx
        .insertInto('fx_rates')
        .values({
          tenant_id: ctx.tenant.id,
          currency,
          book_currency: bookCurrency,
          valid_from: validFrom,
          rate,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'currency', 'book_currency', 'valid_from']).doUpdateSet({ rate }),
        )
        .execute(),
    );
    out(
      options,
      { currency, bookCurrency, validFrom, rate },
      `1 ${currency} = ${rate} ${bookCurrency} from ${validFrom}`,
    );
    return 0;
  });
