/**
 * Dunning benchmark: the bulk path of a daily dunning run over N open cases in the real schema —
 * read the cases in batches, plan each one with the pure planner, record the due actions in
 * `dunning_actions` — and how many cases per second it gets through. Goal (issue): one million
 * cases in under 5 minutes on PostgreSQL on this machine, i.e. 3,334 cases/s. Not `runDunning`
 * (src/dunning/run.ts), which folds the event stream, renders and records through the case
 * handlers one case at a time: what is measured is the planning and recording in bulk.
 *
 *   npm run bench:dunning -- [--json] [--cases N] [--seed N] [--batch N] [--workers N] [--rerun N]
 *   DATABASE_URL=postgres://user@host:port/db npm run bench:dunning -- --json
 *
 * Prints human lines, then (with --json) one JSON object as the last line:
 *   { "database": "pglite"|"postgres", "cases": N, "casesPerSecond": X, "actionsRecorded": M,
 *     "seconds": S, "loadSeconds": L, "planSeconds": P, "writeSeconds": W,
 *     "goal": { "casesPerSecond": 3334, "met": true|false }, ... }
 * Exits non-zero when a check below fails. Randomness and the clock are fine here: this file is
 * a tool, not domain code.
 *
 * Design
 * - Database: without DATABASE_URL a fresh PGlite in memory and 100,000 cases; with it a fresh
 *   database `quittance_bench_<pid>` on that server (dropped at the end, also on Ctrl-C; nothing
 *   else is touched) and 1,000,000 cases. `--cases N` overrides. Migrated with the real
 *   migrations, one tenant, row-level security on: every query below runs in `withTenant`.
 * - Data (seeded PRNG, the same on every run): per case one debtor party (60 % business: 95 %
 *   `business-standard`, whose 20 % challenger `business-standard-b` is drawn by
 *   `assignVariant` as the run does, 5 % key accounts on the item-level `key-account-personal`;
 *   40 % consumers on `consumer-gentle`), in `cases.strategy`; 1–5 invoices from about 8 days
 *   before to 400 days after their due date, spread so that every step of these strategies is
 *   due for a share of the cases; partial and full payments (some cases paid in full: thank-you),
 *   credit notes, amounts below the strategies' minimum; disputes, promises, payment plans and
 *   stops on items and stops on whole cases; opt-outs of email or phone; debtors in Europe and
 *   a few in New York (quiet hours at 10:00Z: postponed actions); and, for most cases already
 *   late, the steps that ran on earlier days (chained as each strategy would have run them) as
 *   rows of `dunning_actions`: the history and the contacts the planner sees (frequency caps).
 *   Item blocks and case stops live in the case's event stream, which has no read model yet; the
 *   bench keeps them in a side table of its own database, `bench_dunning_blocks`.
 * - Loading is bulk (`insert … select from unnest(…)` of 5,000 cases per statement per table,
 *   then ANALYZE) and timed apart: `loadSeconds`, not counted in cases/s.
 * - Measured part ("today" is Thursday 2025-03-20, 10:00Z), in batches of `--batch` cases
 *   (5,000): one read transaction with one query each for the batch's cases (keyset pagination
 *   on the id, with debtor and case stop), items (with their blocks) and prior actions; the
 *   planner inputs (strategy of the case or its challenger, items, stop, history and contacts
 *   from the prior actions, debtor type, time zone and opt-outs; no step of the standard
 *   strategies has a condition, so the case facts stay empty) and `planDunning` per case; then
 *   one write transaction per batch recording the due and postponed actions as the case
 *   projection does — one row per action and channel (phone: a task; an action without a
 *   channel, such as a hand-over, has no row) — with one multi-row `insert … select from
 *   unnest(…) on conflict do nothing` (COPY would need `pg-copy-streams`, not installed).
 *   Planning runs in `--workers N` worker threads (default: one per core), the main thread
 *   only reading and writing; the next batch is read while the current ones are planned and
 *   written. On this 2-core machine 2 workers beat planning on the main thread (`--workers 0`,
 *   in slices that let the database round trips through) by 35–45 % on either database.
 *   `readSeconds`, `planSeconds` (building inputs, planning, encoding rows), `plannerSeconds`
 *   (`planDunning` alone) and `writeSeconds` are sums over batches, so they overlap and can add
 *   up to more than `seconds`, the wall time of the whole measured part.
 * - Checks: the rows inserted equal the rows planned and `count(*)` for the day agrees; every step
 *   of the strategies in use was due (or postponed) for some cases; re-running the measured part
 *   over the first `--rerun` cases (default all up to 100,000) plans the same rows again and
 *   inserts none: idempotent per case, step, items, channel and day through the unique key (the
 *   history is read up to the day before, so it is the key, not the planner, that holds).
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import {
  STANDARD_CONTACT_RULES,
  STANDARD_STRATEGIES,
  assignVariant,
  compileStrategy,
  planDunning,
  type CompiledStrategy,
  type ContactRecord,
  type CurrencyCode,
  type DunningItem,
  type DunningItemBlock,
  type DunningLevel,
  type DunningRun,
  type StepChannel,
  type Strategy,
} from '@quittance/domain';
import { openDatabase, type DatabaseHandle, type Db } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { ensureTenant, withTenant, type Tenant, type Tx } from '../src/db/tenancy';

// --- arguments -------------------------------------------------------------------------------

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at === -1 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) ? fallback : value;
};
const DATABASE_URL = process.env.DATABASE_URL;
const CASES = Math.max(1, Math.round(argument('cases', DATABASE_URL ? 1_000_000 : 100_000)));
const SEED = argument('seed', 20240917);
const BATCH = Math.max(1, Math.round(argument('batch', 5_000)));
/** Planning threads; 0 plans on the main thread. */
const WORKERS = Math.max(0, Math.round(argument('workers', availableParallelism())));
const RERUN = Math.max(0, Math.round(argument('rerun', Math.min(CASES, 100_000))));
const JSON_OUTPUT = process.argv.includes('--json');
/** Cases loaded per statement (and transaction) while loading. */
const LOAD_CHUNK = 5_000;
/** Rows per INSERT of the measured part. */
const INSERT_ROWS = 5_000;
/** 1,000,000 cases in 5 minutes. */
const GOAL_CASES_PER_SECOND = 3_334;

/** The business date of the run: a Thursday; 10:00Z is 11:00 in Paris and 06:00 in New York. */
const TODAY = '2025-03-20';
const NOW = '2025-03-20T10:00:00Z';
const DAY_MS = 86_400_000;
const TODAY_DAY = Date.parse(`${TODAY}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const COMPANY = 'BENCH';

/** IANA time zone of a debtor from their country, as the dunning run has it, plus New York. */
const TIME_ZONES: Readonly<Record<string, string>> = {
  FR: 'Europe/Paris',
  BE: 'Europe/Brussels',
  LU: 'Europe/Luxembourg',
  DE: 'Europe/Berlin',
  NL: 'Europe/Amsterdam',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  GB: 'Europe/London',
  US: 'America/New_York',
};

// --- rows as the database holds them ---------------------------------------------------------

type CaseRow = {
  readonly id: string;
  readonly number: string;
  readonly strategy: string;
  readonly currency: string;
  readonly customer_type: string | null;
  readonly country: string | null;
  readonly contacts: unknown;
  readonly stop_until: string | null;
  readonly stop_reason: string | null;
};

type ItemRow = {
  readonly case_id: string;
  readonly id: string;
  readonly number: string;
  readonly kind: string;
  readonly due_date: string;
  readonly outstanding_minor: bigint;
  readonly currency: string;
  readonly block_kind: string | null;
  readonly block_until: string | null;
  readonly block_reason: string | null;
};

type HistoryRow = {
  readonly case_id: string;
  readonly step_id: string;
  readonly level: string;
  readonly run_on: string;
  readonly action_key: string;
  readonly channel: string;
  readonly item_ids: unknown;
};

type PlanJob = {
  readonly cases: readonly CaseRow[];
  readonly items: readonly ItemRow[];
  readonly history: readonly HistoryRow[];
};

/**
 * The batch planned: the rows to record in INSERTs of at most `INSERT_ROWS` rows, each as one
 * Postgres array literal per column.
 */
type PlanResult = {
  readonly cases: number;
  readonly rows: number;
  readonly inserts: readonly (readonly string[])[];
  readonly due: number;
  readonly postponed: number;
  readonly handOvers: number;
  readonly unknownStrategy: number;
  /** `strategy/step` → cases with that action due or postponed. */
  readonly byStep: readonly (readonly [string, number])[];
  readonly planMs: number;
  readonly plannerMs: number;
};

/** A Postgres array literal of text values (null: NULL), cast in SQL to the column's type. */
const arrayLiteral = (values: readonly (string | null)[]): string => {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i];
    parts[i] =
      v === null || v === undefined ? 'NULL' : `"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return `{${parts.join(',')}}`;
};

type Column = { readonly name: string; readonly type: string };

/**
 * `insert into table (…) select $constants…, u.* from unnest($arrays…) as u …`: one statement
 * for any number of rows, with one parameter per column.
 */
const unnestInsert = (
  table: string,
  constants: readonly Column[],
  columns: readonly Column[],
  tail = '',
): string => {
  const names = [...constants, ...columns].map((c) => c.name).join(', ');
  const fixed = constants.map((c, i) => `$${i + 1}::${c.type}, `).join('');
  const arrays = columns.map((c, i) => `$${constants.length + i + 1}::text::${c.type}[]`).join(', ');
  return `insert into ${table} (${names}) select ${fixed}u.* from unnest(${arrays}) as u ${tail}`;
};

const ACTION_COLUMNS: readonly Column[] = [
  { name: 'id', type: 'uuid' },
  { name: 'case_id', type: 'uuid' },
  { name: 'run_on', type: 'date' },
  { name: 'strategy', type: 'text' },
  { name: 'variant', type: 'text' },
  { name: 'step_id', type: 'text' },
  { name: 'action_key', type: 'text' },
  { name: 'level', type: 'text' },
  { name: 'channel', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'item_ids', type: 'jsonb' },
  { name: 'invoices', type: 'jsonb' },
  { name: 'total_minor', type: 'bigint' },
  { name: 'cost', type: 'text' },
  { name: 'currency', type: 'char(3)' },
  { name: 'postponed_until', type: 'timestamptz' },
  { name: 'reason', type: 'text' },
];
const TENANT_AND_TIME: readonly Column[] = [
  { name: 'tenant_id', type: 'uuid' },
  { name: 'updated_at', type: 'timestamptz' },
];
const INSERT_ACTIONS = unnestInsert(
  'dunning_actions',
  TENANT_AND_TIME,
  ACTION_COLUMNS,
  'on conflict (tenant_id, case_id, action_key, channel, run_on) do nothing',
);

/** As the case projection keys a dunning action: the step and the items it lists. */
const actionKey = (stepId: string, itemIds: readonly string[]): string =>
  `${stepId}:${[...itemIds].sort().join(',')}`;

// --- planning one batch (in a worker thread, or on the main thread with --workers 0) ----------

const compileStandard = (): Map<string, CompiledStrategy> => {
  const compiled = new Map<string, CompiledStrategy>();
  for (const strategy of STANDARD_STRATEGIES) {
    const result = compileStrategy(strategy);
    if (!result.ok)
      throw new Error(`strategy ${strategy.id}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    compiled.set(strategy.id, result.value);
  }
  return compiled;
};

const blockOf = (row: ItemRow): DunningItemBlock | null => {
  switch (row.block_kind) {
    case null:
      return null;
    case 'disputed':
      return { kind: 'disputed', reason: row.block_reason ?? 'disputed' };
    case 'promised':
      return { kind: 'promised', until: row.block_until ?? TODAY };
    case 'in-plan':
      return { kind: 'in-plan' };
    default:
      return { kind: 'stopped', reason: row.block_reason ?? 'stopped', until: row.block_until };
  }
};

const groupBy = <T extends { readonly case_id: string }>(rows: readonly T[]): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.case_id);
    if (group === undefined) groups.set(row.case_id, [row]);
    else group.push(row);
  }
  return groups;
};

/**
 * Plans a batch, pausing (`yield`) every `slice` cases so that the main thread can serve the
 * database in between; `planMs` counts only the time spent planning.
 */
function* planBatchInSlices(
  strategies: ReadonlyMap<string, CompiledStrategy>,
  job: PlanJob,
  slice: number,
): Generator<undefined, PlanResult, undefined> {
  let activeMs = 0;
  let resumed = performance.now();
  let plannerMs = 0;
  const itemsByCase = groupBy(job.items);
  const historyByCase = groupBy(job.history);
  const inserts: string[][] = [];
  let columns: (string | null)[][] = ACTION_COLUMNS.map(() => []);
  let pending = 0;
  let rows = 0;
  let due = 0;
  let postponed = 0;
  let handOvers = 0;
  let unknownStrategy = 0;
  const byStep = new Map<string, number>();
  const count = (key: string): void => {
    byStep.set(key, (byStep.get(key) ?? 0) + 1);
  };
  const flush = (): void => {
    if (pending === 0) return;
    inserts.push(columns.map(arrayLiteral));
    columns = ACTION_COLUMNS.map(() => []);
    pending = 0;
  };
  const row = (values: readonly (string | null)[]): void => {
    for (let c = 0; c < values.length; c += 1) (columns[c] as (string | null)[]).push(values[c] ?? null);
    rows += 1;
    pending += 1;
    if (pending === INSERT_ROWS) flush();
  };

  for (let index = 0; index < job.cases.length; index += 1) {
    if (index > 0 && index % slice === 0) {
      activeMs += performance.now() - resumed;
      yield;
      resumed = performance.now();
    }
    const kase = job.cases[index] as CaseRow;
    const champion = strategies.get(kase.strategy);
    if (champion === undefined) {
      unknownStrategy += 1;
      continue;
    }
    // Champion/challenger (C2): the variant is drawn by case id, as the run draws it.
    let strategy = champion;
    let variant: string | null = null;
    if (champion.strategy.challengers?.length) {
      variant = assignVariant(champion.strategy, kase.id);
      strategy = strategies.get(variant) ?? champion;
    }
    const currency = kase.currency.trim() as CurrencyCode;
    const items: DunningItem[] = (itemsByCase.get(kase.id) ?? []).map((i) => ({
      itemId: i.id,
      number: i.number,
      kind: i.kind === 'credit_note' ? 'credit_note' : 'invoice',
      dueDate: i.due_date,
      outstandingMinor: i.outstanding_minor,
      currency: i.currency.trim() as CurrencyCode,
      block: blockOf(i),
    }));
    // The prior actions: one run per step, items and day (a row per channel), and one contact per
    // channel at 09:00Z that day, for the frequency caps.
    const history: DunningRun[] = [];
    const contacts: ContactRecord[] = [];
    const seen = new Set<string>();
    for (const h of historyByCase.get(kase.id) ?? []) {
      contacts.push({ channel: h.channel as StepChannel, at: `${h.run_on}T09:00:00Z` });
      const key = `${h.run_on}|${h.action_key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const thanks = h.step_id === 'thank-you';
      history.push({
        kind: thanks ? 'thank-you' : 'step',
        stepId: h.step_id,
        level: h.level as DunningLevel,
        runOn: h.run_on,
        itemIds: h.item_ids as string[],
      });
    }
    const contactPoints = (Array.isArray(kase.contacts) ? kase.contacts : []) as {
      kind: string;
      optOut: boolean;
    }[];
    const optedOut: StepChannel[] = [];
    if (contactPoints.some((c) => c.kind === 'email' && c.optOut)) optedOut.push('email');
    if (contactPoints.some((c) => c.kind === 'phone' && c.optOut)) optedOut.push('sms', 'phone');

    const planStart = performance.now();
    const plan = planDunning({
      strategy,
      today: TODAY,
      now: NOW,
      currency,
      items,
      stop: kase.stop_reason === null ? null : { reason: kase.stop_reason, until: kase.stop_until },
      history,
      contacts,
      override: null,
      debtor: {
        customerType:
          kase.customer_type === 'consumer'
            ? 'consumer'
            : kase.customer_type === 'business'
              ? 'business'
              : null,
        timeZone: kase.country === null ? null : (TIME_ZONES[kase.country] ?? null),
        optedOut,
      },
      facts: {},
      contactRules: STANDARD_CONTACT_RULES,
    });
    plannerMs += performance.now() - planStart;

    const strategyId = strategy.strategy.id;
    for (const action of plan.due) {
      due += 1;
      if (action.type === 'hand-over') {
        handOvers += 1;
        count(`${strategyId}/hand-over`);
        continue;
      }
      const stepId = action.type === 'step' ? action.stepId : 'thank-you';
      count(`${strategyId}/${stepId}`);
      const itemIds = action.items.map((i) => i.itemId);
      const key = actionKey(stepId, itemIds);
      const itemJson = JSON.stringify(itemIds);
      const invoices = JSON.stringify(action.items.filter((i) => i.kind === 'invoice').map((i) => i.number));
      const total = action.type === 'step' ? String(action.totalDue.amountMinor) : '0';
      const cost = action.type === 'step' ? action.cost : null;
      const level = action.type === 'step' ? action.level : 'thank-you';
      for (const channel of action.channels)
        row([
          uuidv7(),
          kase.id,
          TODAY,
          strategyId,
          variant,
          stepId,
          key,
          level,
          channel,
          channel === 'phone' ? 'task' : 'requested',
          itemJson,
          invoices,
          total,
          cost,
          currency,
          null,
          null,
        ]);
    }
    for (const wait of plan.postponed) {
      postponed += 1;
      const action = wait.action;
      const stepId = action.type === 'step' ? action.stepId : 'thank-you';
      count(`${strategyId}/${stepId}`);
      const key = actionKey(
        stepId,
        action.items.map((i) => i.itemId),
      );
      const reason = wait.reasons.map((r) => r.code).join('; ');
      for (const channel of action.channels)
        row([
          uuidv7(),
          kase.id,
          TODAY,
          strategyId,
          null,
          stepId,
          key,
          action.type === 'step' ? action.level : 'thank-you',
          channel,
          'postponed',
          '[]',
          '[]',
          null,
          null,
          currency,
          wait.notBefore,
          reason,
        ]);
    }
  }
  flush();
  return {
    cases: job.cases.length,
    rows,
    inserts,
    due,
    postponed,
    handOvers,
    unknownStrategy,
    byStep: [...byStep],
    planMs: activeMs + performance.now() - resumed,
    plannerMs,
  };
}

const planBatch = (strategies: ReadonlyMap<string, CompiledStrategy>, job: PlanJob): PlanResult => {
  const steps = planBatchInSlices(strategies, job, Number.MAX_SAFE_INTEGER);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
};

// --- worker threads --------------------------------------------------------------------------

type Planner = {
  readonly plan: (job: PlanJob) => Promise<PlanResult>;
  readonly close: () => Promise<void>;
};

/** On the main thread, in slices of 250 cases, letting database round trips through in between. */
const inlinePlanner = (): Planner => {
  const strategies = compileStandard();
  const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return {
    plan: async (job) => {
      const steps = planBatchInSlices(strategies, job, 250);
      for (;;) {
        const step = steps.next();
        if (step.done === true) return step.value;
        await pause();
      }
    },
    close: () => Promise.resolve(),
  };
};

/** Workers run this same file (through tsx's loader); each takes the next batch when free. */
const workerPlanner = (count: number): Planner => {
  const loader = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  type Pending = { resolve: (r: PlanResult) => void; reject: (e: unknown) => void };
  const idle: Worker[] = [];
  const waiting: { job: PlanJob; pending: Pending }[] = [];
  const busy = new Map<Worker, Pending>();
  const dispatch = (): void => {
    while (idle.length > 0 && waiting.length > 0) {
      const worker = idle.pop() as Worker;
      const next = waiting.shift() as { job: PlanJob; pending: Pending };
      busy.set(worker, next.pending);
      worker.postMessage(next.job);
    }
  };
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(boot, { eval: true });
    worker.on('message', (result: PlanResult) => {
      const pending = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      pending?.resolve(result);
      dispatch();
    });
    worker.on('error', (error) => {
      busy.get(worker)?.reject(error);
      busy.delete(worker);
      for (const w of waiting.splice(0)) w.pending.reject(error);
    });
    idle.push(worker);
    return worker;
  });
  return {
    plan: (job) =>
      new Promise<PlanResult>((resolve, reject) => {
        waiting.push({ job, pending: { resolve, reject } });
        dispatch();
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
};

const workerMain = (): void => {
  const strategies = compileStandard();
  const port = parentPort;
  if (port === null) return;
  port.on('message', (job: PlanJob) => {
    port.postMessage(planBatch(strategies, job));
  });
};

// --- deterministic randomness ----------------------------------------------------------------

const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
const random = mulberry32(SEED);
const int = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const chance = (p: number): boolean => random() < p;
/** A value drawn by weight: `[[weight, value], ...]`. */
const weighted = <T>(choices: readonly (readonly [number, T])[]): T => {
  const total = choices.reduce((sum, [w]) => sum + w, 0);
  let roll = random() * total;
  for (const [w, value] of choices) {
    roll -= w;
    if (roll < 0) return value;
  }
  return (choices[choices.length - 1] as readonly [number, T])[1];
};

// --- generated cases -------------------------------------------------------------------------

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');
/** Ids in case order, so that keyset pagination on the id follows the generation. */
const caseIdOf = (i: number): string => `00000000-0000-4000-8000-${hex(i, 12)}`;
const partyIdOf = (i: number): string => `00000000-0000-4000-9000-${hex(i, 12)}`;
const itemIdOf = (i: number, k: number): string => `00000000-0000-4000-a${hex(k, 3)}-${hex(i, 12)}`;

type GenItem = {
  readonly id: string;
  readonly number: string;
  readonly kind: 'invoice' | 'credit_note';
  readonly due: number;
  readonly amount: bigint;
  readonly outstanding: bigint;
  readonly block: {
    readonly kind: string;
    readonly until: string | null;
    readonly reason: string | null;
  } | null;
};

type GenRun = {
  readonly strategy: string;
  readonly variant: string | null;
  readonly stepId: string;
  readonly level: DunningLevel;
  readonly runOn: number;
  readonly items: readonly GenItem[];
  readonly channels: readonly StepChannel[];
};

type GenCase = {
  readonly index: number;
  readonly id: string;
  readonly partyId: string;
  readonly name: string;
  readonly business: boolean;
  readonly country: string | null;
  readonly contacts: readonly { kind: 'email' | 'phone'; value: string; optOut: boolean }[];
  readonly strategy: string;
  readonly items: readonly GenItem[];
  readonly stop: { readonly until: string | null; readonly reason: string } | null;
  readonly history: readonly GenRun[];
};

const STRATEGY_BY_ID = new Map<string, Strategy>(STANDARD_STRATEGIES.map((s) => [s.id, s]));

/** Days past due of a case's oldest invoice: a share in the window of every step. */
const oldestDaysPastDue = (): number =>
  weighted<() => number>([
    [10, () => int(-8, -1)], // prevention (business: from 5 days before the due date)
    [5, () => int(0, 2)], // nothing due yet
    [20, () => int(3, 14)], // R1 (business from 3 days, consumers from 7)
    [18, () => int(15, 29)], // R2
    [16, () => int(30, 44)], // R3, consumer final
    [13, () => int(45, 59)], // final
    [14, () => int(60, 180)], // legal hand-over, consumer agency
    [4, () => int(181, 400)], // long overdue
  ])();

const amountMinor = (): bigint =>
  BigInt(
    weighted<() => number>([
      [3, () => int(100, 999)], // below the minimum of the strategies
      [40, () => int(2_000, 49_999)],
      [40, () => int(50_000, 299_999)],
      [17, () => int(300_000, 2_500_000)],
    ])(),
  );

const itemBlock = (): GenItem['block'] => {
  if (chance(0.93)) return null;
  return weighted<() => GenItem['block']>([
    [30, () => ({ kind: 'disputed', until: null, reason: 'goods not received' })],
    [30, () => ({ kind: 'promised', until: isoDay(TODAY_DAY + int(-10, 20)), reason: null })],
    [10, () => ({ kind: 'in-plan', until: null, reason: null })],
    [
      30,
      () => ({
        kind: 'stopped',
        until: chance(0.3) ? null : isoDay(TODAY_DAY + int(-15, 30)),
        reason: 'customer asked for a statement',
      }),
    ],
  ])();
};

/**
 * The steps that ran before today, as the strategy would have run them from the due dates
 * (a day or two late at times), until a step falls due today or later, a hand-over step comes
 * (a hand-over leaves no dunning action), or the chase was interrupted (the case was migrated).
 */
const priorRuns = (strategy: Strategy, variant: string | null, items: readonly GenItem[]): GenRun[] => {
  const invoices = items.filter((i) => i.kind === 'invoice');
  const runs: GenRun[] = [];
  const chase = (chased: readonly GenItem[]): void => {
    if (chased.length === 0) return;
    const oldest = Math.min(...chased.map((i) => i.due));
    let last: number | null = null;
    for (const step of strategy.steps) {
      if (step.level === 'prevention') continue;
      if (step.channels.length === 0 || (step.after !== undefined && step.after !== 'wait')) break;
      const day: number = (step.from === 'due' ? oldest : (last ?? oldest)) + step.offsetDays + int(0, 2);
      if (day >= TODAY_DAY || !chance(0.9)) break;
      const listed = chased.filter((i) => i.due < day);
      if (listed.length === 0) break;
      runs.push({
        strategy: strategy.id,
        variant,
        stepId: step.id,
        level: step.level,
        runOn: day,
        items: listed,
        channels: step.channels,
      });
      last = day;
    }
  };
  if (strategy.mode === 'item') for (const invoice of invoices) chase([invoice]);
  else chase(invoices);
  return runs;
};

const COUNTRIES: readonly (readonly [number, string | null])[] = [
  [38, 'FR'],
  [14, 'DE'],
  [10, 'BE'],
  [8, 'NL'],
  [7, 'ES'],
  [7, 'IT'],
  [5, 'GB'],
  [2, 'LU'],
  [4, 'US'],
  [5, null],
];

const generateCase = (index: number): GenCase => {
  const id = caseIdOf(index);
  const business = chance(0.6);
  const strategyId = business
    ? chance(0.05)
      ? 'key-account-personal'
      : 'business-standard'
    : 'consumer-gentle';
  const strategy = STRATEGY_BY_ID.get(strategyId) as Strategy;
  const variantId = strategy.challengers?.length ? assignVariant(strategy, id) : null;
  const runs = (variantId === null ? strategy : STRATEGY_BY_ID.get(variantId)) ?? strategy;

  const count = weighted([
    [30, 1],
    [25, 2],
    [20, 3],
    [15, 4],
    [10, 5],
  ]);
  const paidInFull = chance(0.04);
  const oldest = TODAY_DAY - oldestDaysPastDue();
  const items: GenItem[] = [];
  let due = oldest;
  for (let k = 0; k < count; k += 1) {
    const amount = amountMinor();
    const outstanding = paidInFull
      ? 0n
      : weighted<() => bigint>([
          [82, () => amount],
          [8, () => (amount * BigInt(int(10, 90))) / 100n],
          [10, () => 0n],
        ])();
    items.push({
      id: itemIdOf(index, k),
      number: `INV-${index}-${k + 1}`,
      kind: 'invoice',
      due,
      amount,
      outstanding,
      block: paidInFull ? null : itemBlock(),
    });
    due += int(10, 45);
  }
  if (chance(0.12)) {
    const amount = -BigInt(int(500, 30_000));
    items.push({
      id: itemIdOf(index, count),
      number: `CN-${index}-1`,
      kind: 'credit_note',
      due: TODAY_DAY - int(-20, 60),
      amount,
      outstanding: chance(0.2) ? 0n : amount,
      block: null,
    });
  }
  const history = chance(0.75) ? priorRuns(runs, variantId, items) : [];
  const country = weighted(COUNTRIES);
  return {
    index,
    id,
    partyId: partyIdOf(index),
    name: business ? `Customer ${index} SARL` : `Customer ${index}`,
    business,
    country,
    contacts: [
      { kind: 'email', value: `c${index}@example.com`, optOut: chance(0.03) },
      { kind: 'phone', value: `+3360${String(index).padStart(7, '0')}`, optOut: chance(0.02) },
    ],
    strategy: strategyId,
    items,
    stop: chance(0.01)
      ? { until: chance(0.5) ? null : isoDay(TODAY_DAY + int(-20, 40)), reason: 'insolvency check' }
      : null,
    history,
  };
};

// --- loading ---------------------------------------------------------------------------------

const exec = async <R>(tx: Tx | Db, text: string, parameters: readonly unknown[] = []) =>
  tx.executeQuery<R>(CompiledQuery.raw(text, [...parameters]));

const BLOCKS_TABLE = `
  create table bench_dunning_blocks (
    tenant_id uuid not null references tenants (id),
    case_id uuid not null references cases (id),
    item_id uuid references financial_items (id),
    kind text not null check (kind in ('disputed', 'promised', 'in-plan', 'stopped')),
    until date,
    reason text
  );
  create index bench_dunning_blocks_case on bench_dunning_blocks (case_id);
  alter table bench_dunning_blocks enable row level security;
  alter table bench_dunning_blocks force row level security;
  create policy tenant_isolation on bench_dunning_blocks
    using (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
  grant select, insert on bench_dunning_blocks to quittance_app;
`;

const columnsOf = (...names: readonly string[]): Column[] =>
  names.map((n) => {
    const [name, type] = n.split(':') as [string, string];
    return { name, type };
  });

const INSERT_PARTIES = unnestInsert(
  'parties',
  columnsOf('tenant_id:uuid', 'version:int', 'created_at:timestamptz', 'updated_at:timestamptz'),
  columnsOf(
    'id:uuid',
    'kind:text',
    'reference:text',
    'name:text',
    'customer_type:text',
    'country:text',
    'language:text',
    'contacts:jsonb',
  ),
);
const INSERT_CASES = unnestInsert(
  'cases',
  columnsOf(
    'tenant_id:uuid',
    'version:int',
    'created_at:timestamptz',
    'updated_at:timestamptz',
    'case_type:text',
    'company_code:text',
    'company_name:text',
    'currency:char(3)',
    'phase:text',
    'status:text',
  ),
  columnsOf(
    'id:uuid',
    'number:text',
    'debtor_party_id:uuid',
    'debtor_name:text',
    'debtor_reference:text',
    'strategy:text',
  ),
);
const INSERT_ITEMS = unnestInsert(
  'financial_items',
  columnsOf('tenant_id:uuid', 'company_code:text', 'currency:char(3)', 'created_at:timestamptz'),
  columnsOf(
    'id:uuid',
    'case_id:uuid',
    'kind:text',
    'number:text',
    'issue_date:date',
    'due_date:date',
    'amount_minor:bigint',
    'outstanding_minor:bigint',
  ),
);
const INSERT_BLOCKS = unnestInsert(
  'bench_dunning_blocks',
  columnsOf('tenant_id:uuid'),
  columnsOf('case_id:uuid', 'item_id:uuid', 'kind:text', 'until:date', 'reason:text'),
);
const INSERT_HISTORY = unnestInsert(
  'dunning_actions',
  columnsOf('tenant_id:uuid', 'currency:char(3)', 'updated_at:timestamptz'),
  columnsOf(
    'id:uuid',
    'case_id:uuid',
    'run_on:date',
    'strategy:text',
    'variant:text',
    'step_id:text',
    'action_key:text',
    'level:text',
    'channel:text',
    'status:text',
    'item_ids:jsonb',
    'invoices:jsonb',
    'total_minor:bigint',
    'cost:text',
  ),
);

type LoadCounts = {
  parties: number;
  invoices: number;
  creditNotes: number;
  blocks: number;
  priorActions: number;
};

const loadChunk = async (
  db: Db,
  tenant: Tenant,
  cases: readonly GenCase[],
  counts: LoadCounts,
): Promise<void> => {
  const parties: (string | null)[][] = [];
  const caseRows: (string | null)[][] = [];
  const items: (string | null)[][] = [];
  const blocks: (string | null)[][] = [];
  const history: (string | null)[][] = [];
  for (const c of cases) {
    const reference = `CUST-${c.index}`;
    parties.push([
      c.partyId,
      c.business ? 'organisation' : 'person',
      reference,
      c.name,
      c.business ? 'business' : 'consumer',
      c.country,
      c.country === 'DE' ? 'de' : c.country === 'FR' || c.country === 'BE' ? 'fr' : 'en',
      JSON.stringify(c.contacts),
    ]);
    caseRows.push([c.id, `B-${String(c.index).padStart(7, '0')}`, c.partyId, c.name, reference, c.strategy]);
    for (const i of c.items) {
      items.push([
        i.id,
        c.id,
        i.kind,
        i.number,
        isoDay(i.due - 30),
        isoDay(i.due),
        String(i.amount),
        String(i.outstanding),
      ]);
      if (i.kind === 'invoice') counts.invoices += 1;
      else counts.creditNotes += 1;
      if (i.block !== null) blocks.push([c.id, i.id, i.block.kind, i.block.until, i.block.reason]);
    }
    if (c.stop !== null) blocks.push([c.id, null, 'stopped', c.stop.until, c.stop.reason]);
    for (const run of c.history) {
      const itemIds = run.items.map((i) => i.id);
      const total = run.items.reduce((t, i) => t + i.amount, 0n);
      for (const channel of run.channels)
        history.push([
          uuidv7(),
          c.id,
          isoDay(run.runOn),
          run.variant ?? run.strategy,
          run.variant,
          run.stepId,
          actionKey(run.stepId, itemIds),
          run.level,
          channel,
          channel === 'phone' ? 'task' : 'sent',
          JSON.stringify(itemIds),
          JSON.stringify(run.items.map((i) => i.number)),
          String(total),
          null,
        ]);
    }
  }
  const transpose = (rows: readonly (readonly (string | null)[])[]): string[] => {
    const width = rows[0]?.length ?? 0;
    return Array.from({ length: width }, (_, c) => arrayLiteral(rows.map((r) => r[c] ?? null)));
  };
  const at = new Date(`${TODAY}T06:00:00Z`);
  await withTenant(db, tenant.id, async (tx) => {
    await exec(tx, INSERT_PARTIES, [tenant.id, 1, at, at, ...transpose(parties)]);
    await exec(tx, INSERT_CASES, [
      tenant.id,
      1,
      at,
      at,
      'receivable_account',
      COMPANY,
      'Bench SA',
      'EUR',
      'amicable',
      'open',
      ...transpose(caseRows),
    ]);
    await exec(tx, INSERT_ITEMS, [tenant.id, COMPANY, 'EUR', at, ...transpose(items)]);
    if (blocks.length > 0) await exec(tx, INSERT_BLOCKS, [tenant.id, ...transpose(blocks)]);
    if (history.length > 0) await exec(tx, INSERT_HISTORY, [tenant.id, 'EUR', at, ...transpose(history)]);
  });
  counts.parties += parties.length;
  counts.blocks += blocks.length;
  counts.priorActions += history.length;
};

const load = async (db: Db, tenant: Tenant, concurrency: number): Promise<LoadCounts> => {
  const counts: LoadCounts = { parties: 0, invoices: 0, creditNotes: 0, blocks: 0, priorActions: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  for (let start = 0; start < CASES && failure === null; start += LOAD_CHUNK) {
    const chunk = Array.from({ length: Math.min(LOAD_CHUNK, CASES - start) }, (_, k) =>
      generateCase(start + k),
    );
    const job = loadChunk(db, tenant, chunk, counts).catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  await exec(db, 'analyze');
  return counts;
};

// --- the measured part -----------------------------------------------------------------------

const CASES_QUERY = `
  select c.id, c.number, c.strategy, c.currency, p.customer_type, p.country, p.contacts,
         s.until as stop_until, s.reason as stop_reason
  from cases c
  left join parties p on p.id = c.debtor_party_id
  left join bench_dunning_blocks s on s.case_id = c.id and s.item_id is null
  where c.id > $1::uuid and c.status = 'open' and not c.manual_mode and c.strategy is not null
  order by c.id
  limit `;
const ITEMS_QUERY = `
  select i.case_id, i.id, i.number, i.kind, i.due_date, i.outstanding_minor, i.currency,
         b.kind as block_kind, b.until as block_until, b.reason as block_reason
  from financial_items i
  left join bench_dunning_blocks b
    on b.item_id = i.id and b.case_id between $1::uuid and $2::uuid
  where i.case_id between $1::uuid and $2::uuid`;
const HISTORY_QUERY = `
  select case_id, step_id, level, run_on, action_key, channel, item_ids
  from dunning_actions
  where case_id between $1::uuid and $2::uuid and run_on < $3::date`;

type PassResult = {
  cases: number;
  batches: number;
  rows: number;
  inserted: number;
  rowsPerBatch: number[];
  due: number;
  postponed: number;
  handOvers: number;
  unknownStrategy: number;
  byStep: Map<string, number>;
  seconds: number;
  readMs: number;
  planMs: number;
  plannerMs: number;
  writeMs: number;
};

const runPass = async (
  db: Db,
  tenant: Tenant,
  planner: Planner,
  limit: number,
  depth: number,
  progress: (done: number) => void,
): Promise<PassResult> => {
  const result: PassResult = {
    cases: 0,
    batches: 0,
    rows: 0,
    inserted: 0,
    rowsPerBatch: [],
    due: 0,
    postponed: 0,
    handOvers: 0,
    unknownStrategy: 0,
    byStep: new Map(),
    seconds: 0,
    readMs: 0,
    planMs: 0,
    plannerMs: 0,
    writeMs: 0,
  };
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  let done = 0;
  const read = async (cursor: string, count: number): Promise<PlanJob> => {
    const readStart = performance.now();
    const job = await withTenant(db, tenant.id, async (tx): Promise<PlanJob> => {
      const cases = (await exec<CaseRow>(tx, CASES_QUERY + String(count), [cursor])).rows;
      const first = cases[0]?.id;
      const last = cases.at(-1)?.id;
      if (first === undefined || last === undefined) return { cases, items: [], history: [] };
      const items = (await exec<ItemRow>(tx, ITEMS_QUERY, [first, last])).rows;
      const history = (await exec<HistoryRow>(tx, HISTORY_QUERY, [first, last, TODAY])).rows;
      return { cases, items, history };
    });
    result.readMs += performance.now() - readStart;
    return job;
  };
  const prefetch = (cursor: string, count: number): Promise<PlanJob> => {
    const job = read(cursor, count);
    // Awaited below; if the pass stops first, its failure must not go unhandled.
    job.catch(() => undefined);
    return job;
  };
  // The next batch is read while this one is planned and written.
  let next: Promise<PlanJob> | null = prefetch(ZERO_UUID, Math.min(BATCH, limit));
  while (next !== null && failure === null) {
    const job: PlanJob = await next;
    const last = job.cases.at(-1);
    if (last === undefined) break;
    result.cases += job.cases.length;
    next = result.cases < limit ? prefetch(last.id, Math.min(BATCH, limit - result.cases)) : null;
    const batch = result.batches;
    result.batches += 1;
    const work = (async (): Promise<void> => {
      const planned = await planner.plan(job);
      result.planMs += planned.planMs;
      result.plannerMs += planned.plannerMs;
      result.rows += planned.rows;
      result.rowsPerBatch[batch] = planned.rows;
      result.due += planned.due;
      result.postponed += planned.postponed;
      result.handOvers += planned.handOvers;
      result.unknownStrategy += planned.unknownStrategy;
      for (const [key, n] of planned.byStep) result.byStep.set(key, (result.byStep.get(key) ?? 0) + n);
      if (planned.rows === 0) return;
      const writeStart = performance.now();
      await withTenant(db, tenant.id, async (tx) => {
        const at = new Date(NOW);
        for (const columns of planned.inserts) {
          const inserted = await exec(tx, INSERT_ACTIONS, [tenant.id, at, ...columns]);
          result.inserted += Number(inserted.numAffectedRows ?? 0n);
        }
      });
      result.writeMs += performance.now() - writeStart;
    })().catch((error: unknown) => {
      failure ??= error;
    });
    inFlight.add(work);
    void work.finally(() => {
      inFlight.delete(work);
      done += job.cases.length;
      progress(done);
    });
    while (inFlight.size >= depth) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failure !== null) throw failure;
  result.seconds = (performance.now() - started) / 1000;
  return result;
};

// --- main ------------------------------------------------------------------------------------

const log = (line: string): void => {
  console.log(line);
};
const seconds = (ms: number): number => Math.round(ms / 10) / 100;
const fmt = (n: number): string => Math.round(n).toLocaleString('en');

type BenchDatabase = {
  readonly handle: DatabaseHandle;
  readonly label: string;
  readonly drop: () => Promise<void>;
};

const openBenchDatabase = async (): Promise<BenchDatabase> => {
  if (DATABASE_URL === undefined) {
    const handle = await openDatabase({ kind: 'pglite', dataDir: 'memory' });
    return { handle, label: 'PGlite in memory', drop: () => Promise.resolve() };
  }
  const name = `quittance_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const version =
    (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(DATABASE_URL);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ kind: 'postgres', url: target.toString() });
  let dropped = false;
  return {
    handle,
    label: `PostgreSQL ${version}, database ${name} (dropped at the end)`,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      const dropper = new pg.Client({ connectionString: DATABASE_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
};

const main = async (): Promise<void> => {
  const kind = DATABASE_URL === undefined ? 'pglite' : 'postgres';
  const database = await openBenchDatabase();
  const { handle } = database;
  let planner: Planner | null = null;
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await planner?.close();
      await handle.close().catch(() => undefined);
      await database.drop();
    })());
  // Ctrl-C: the queries still running fail once the pool is gone; the database is dropped anyway.
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    process.stderr.write('interrupted: dropping the bench database…\n');
    void close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const db = handle.db;
    await migrateToLatest(db as never);
    const tenant = await ensureTenant(db, 'bench');
    await exec(db, BLOCKS_TABLE);
    log(`database: ${database.label}`);

    // Loading: not measured.
    const loadStart = performance.now();
    const counts = await load(db, tenant, kind === 'postgres' ? 3 : 1);
    const loadMs = performance.now() - loadStart;
    const loadedRows = CASES * 2 + counts.invoices + counts.creditNotes + counts.blocks + counts.priorActions;
    log(
      `loaded ${fmt(CASES)} open cases (seed ${SEED}): ${fmt(counts.invoices)} invoices, ${fmt(counts.creditNotes)} credit notes, ${fmt(counts.blocks)} blocks and stops, ${fmt(counts.priorActions)} prior actions; ${fmt(loadedRows)} rows in ${seconds(loadMs)} s (${fmt(loadedRows / (loadMs / 1000))} rows/s, not measured)`,
    );

    // The measured part.
    planner = WORKERS === 0 ? inlinePlanner() : workerPlanner(WORKERS);
    const depth = Math.max(2, WORKERS * 2);
    let reported = 0;
    const progress = (done: number): void => {
      if (done - reported >= Math.max(BATCH, CASES / 10)) {
        reported = done;
        process.stderr.write(`  ${fmt(done)} cases…\n`);
      }
    };
    const pass = await runPass(db, tenant, planner, CASES, depth, progress);
    const casesPerSecond = pass.cases / pass.seconds;
    const counted = await withTenant(db, tenant.id, async (tx) =>
      Number(
        (
          await exec<{ n: string }>(tx, 'select count(*) as n from dunning_actions where run_on = $1::date', [
            TODAY,
          ])
        ).rows[0]?.n ?? 0,
      ),
    );
    log(
      `measured: ${fmt(pass.cases)} cases in ${pass.seconds.toFixed(2)} s: ${fmt(casesPerSecond)} cases/s (${pass.batches} batches of ${fmt(BATCH)}, ${WORKERS === 0 ? 'planned on the main thread' : `${WORKERS} planning workers`}, ${depth} batches in flight)`,
    );
    log(
      `  read ${seconds(pass.readMs)} s, plan ${seconds(pass.planMs)} s (planDunning alone ${seconds(pass.plannerMs)} s: ${((pass.plannerMs * 1000) / pass.cases).toFixed(1)} µs/case), write ${seconds(pass.writeMs)} s (sums over batches: they overlap)`,
    );
    log(
      `  ${fmt(pass.due)} actions due (${fmt(pass.handOvers)} hand-overs), ${fmt(pass.postponed)} postponed; ${fmt(pass.inserted)} rows recorded in dunning_actions (one per action and channel)`,
    );

    // Every step of the strategies in use, due or postponed for some cases.
    const expectedSteps = STANDARD_STRATEGIES.flatMap((s) => [
      ...s.steps.map((step) => `${s.id}/${step.id}`),
      ...(s.thankYouTemplate === undefined ? [] : [`${s.id}/thank-you`]),
      ...(s.steps.some((step) => step.after === 'legal' || step.after === 'agency')
        ? [`${s.id}/hand-over`]
        : []),
    ]);
    const missingSteps = expectedSteps.filter((key) => (pass.byStep.get(key) ?? 0) === 0);
    log('cases per strategy and step (due or postponed):');
    for (const key of expectedSteps)
      log(
        `  ${key.padEnd(38)} ${fmt(pass.byStep.get(key) ?? 0).padStart(9)}  ${(((pass.byStep.get(key) ?? 0) / pass.cases) * 100).toFixed(1).padStart(5)} %`,
      );

    // Re-run over the first batches: the same rows planned, none inserted.
    const rerunBatches = Math.min(pass.batches, Math.ceil(RERUN / BATCH));
    const rerunCases = Math.min(pass.cases, rerunBatches * BATCH);
    const rerun =
      rerunCases === 0 ? null : await runPass(db, tenant, planner, rerunCases, depth, () => undefined);
    const rerunExpected = pass.rowsPerBatch.slice(0, rerunBatches).reduce((t, n) => t + n, 0);
    if (rerun !== null)
      log(
        `re-run over the first ${fmt(rerun.cases)} cases in ${rerun.seconds.toFixed(2)} s: ${fmt(rerun.rows)} rows planned again (first run: ${fmt(rerunExpected)}), ${fmt(rerun.inserted)} inserted`,
      );

    const checks = {
      everyCasePlanned: pass.cases === CASES && pass.unknownStrategy === 0,
      rowsInsertedAsPlanned: pass.inserted === pass.rows,
      rowsCounted: counted === pass.rows,
      everyStepDue: missingSteps.length === 0,
      rerunIdempotent: rerun === null || (rerun.inserted === 0 && rerun.rows === rerunExpected),
    };
    const failed = Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    log(
      failed.length === 0
        ? `checks: every case planned; ${fmt(pass.rows)} rows planned = inserted = counted; every step due for some cases; the re-run recorded nothing new`
        : `checks FAILED: ${failed.join(', ')}${missingSteps.length ? ` (never due: ${missingSteps.join(', ')})` : ''} — planned ${pass.rows}, inserted ${pass.inserted}, counted ${counted}`,
    );
    const met = casesPerSecond >= GOAL_CASES_PER_SECOND;
    log(
      `goal: 1,000,000 cases in 5 minutes = ${fmt(GOAL_CASES_PER_SECOND)} cases/s: ${met ? 'met' : 'not met'} (${fmt(casesPerSecond)} cases/s; 1,000,000 cases would take ${Math.round(1_000_000 / casesPerSecond)} s)`,
    );

    if (JSON_OUTPUT)
      log(
        JSON.stringify({
          database: kind,
          cases: pass.cases,
          casesPerSecond: Math.round(casesPerSecond),
          actionsRecorded: pass.inserted,
          seconds: Math.round(pass.seconds * 100) / 100,
          loadSeconds: seconds(loadMs),
          planSeconds: seconds(pass.planMs),
          writeSeconds: seconds(pass.writeMs),
          goal: { casesPerSecond: GOAL_CASES_PER_SECOND, met },
          readSeconds: seconds(pass.readMs),
          plannerSeconds: seconds(pass.plannerMs),
          dueActions: pass.due,
          handOvers: pass.handOvers,
          postponedActions: pass.postponed,
          batch: BATCH,
          workers: WORKERS,
          rerun:
            rerun === null
              ? null
              : {
                  cases: rerun.cases,
                  seconds: Math.round(rerun.seconds * 100) / 100,
                  inserted: rerun.inserted,
                },
          checks,
          seed: SEED,
        }),
      );
    if (failed.length > 0) process.exitCode = 1;
  } catch (error) {
    if (!interrupted) throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
    await close();
  }
};

if (isMainThread) await main();
else workerMain();
