import type { ProcessRulesResult } from '@quittance/api-contract';
import type { Db } from '../db/database';
import type { Tenant } from '../db/tenancy';
import { processRules } from './processor';
import { escalateOverdueTasks, fireDueTimers } from './sweeps';
import { runDunning } from '../dunning/run';
import { evaluateAgreements } from '../agreements/sweep';
import { collectDueDirectDebits } from '../agreements/direct-debits';
import type { DeliveryDeps } from '../dunning/deliver';
import { newCorrelationId } from '../event-store/event-store';

export type RulesWorker = {
  /** Fires due timers, escalates overdue tasks, then evaluates every new event until the log is drained. */
  runOnce(tenant: Tenant, today: string): Promise<ProcessRulesResult>;
  /** Something happened: run soon (no-op unless started). */
  nudge(): void;
  /** Runs in the background for these tenants: on every nudge and every `intervalMs`. */
  start(tenants: () => Promise<readonly Tenant[]>, options?: { intervalMs?: number }): void;
  stop(): Promise<void>;
  /** Resolves once no run is in progress or pending (tests wait on it). */
  idle(): Promise<void>;
};

export type RulesWorkerDeps = {
  readonly db: Db;
  /** When given, every tick also runs the dunning of the cases whose next date has come. */
  readonly dunning?: DeliveryDeps;
  readonly clock: () => Date;
  /** A fixed business date; otherwise the clock's UTC date. */
  readonly asOf?: string | undefined;
  readonly onError?: (error: unknown) => void;
};

/**
 * The Expert System's runner inside one process. Runs never overlap (one PGlite connection, and
 * the processor's checkpoint lock serialises several processes on PostgreSQL); a nudge during a
 * run schedules one more run, so nothing that happened is left waiting for the next tick.
 */
export const createRulesWorker = (deps: RulesWorkerDeps): RulesWorker => {
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  let tenantsOf: (() => Promise<readonly Tenant[]>) | null = null;
  const today = () => deps.asOf ?? deps.clock().toISOString().slice(0, 10);

  const runOnce = async (tenant: Tenant, asOf: string): Promise<ProcessRulesResult> => {
    const options = { today: asOf, clock: deps.clock };
    const timersFired = await fireDueTimers(deps.db, tenant, options);
    const tasksEscalated = await escalateOverdueTasks(deps.db, tenant, options);
    // Agreements first, so that a promise broken today is acted on by the rules in this run.
    await collectDueDirectDebits(deps.db, tenant, options);
    await evaluateAgreements(deps.db, tenant, options);
    const processed = await processRules(deps.db, tenant, options);
    if (deps.dunning) {
      const now = deps.clock();
      await runDunning(
        {
          db: deps.db,
          tenant,
          actor: { kind: 'system', id: 'dunning' },
          now,
          today: asOf,
          correlationId: newCorrelationId(),
        },
        deps.dunning,
        { asOf, now, onlyDue: true },
      );
      // What the run recorded (steps, timers) is evaluated by the rules at once.
      await processRules(deps.db, tenant, options);
    }
    return { events: processed.events, decisions: processed.decisions, timersFired, tasksEscalated };
  };

  const cycle = async (): Promise<void> => {
    do {
      again = false;
      for (const tenant of (await tenantsOf?.()) ?? []) {
        try {
          await runOnce(tenant, today());
        } catch (error) {
          (deps.onError ?? ((e) => console.error('[rules]', e)))(error);
        }
      }
    } while (again);
  };

  const trigger = (): void => {
    if (!tenantsOf) return;
    if (running) {
      again = true;
      return;
    }
    running = cycle().finally(() => {
      running = null;
    });
  };

  return {
    runOnce: async (tenant, asOf) => {
      // A manual run waits for a background one, so two never interleave in this process.
      while (running) await running;
      return runOnce(tenant, asOf);
    },
    nudge: trigger,
    start: (tenants, options = {}) => {
      tenantsOf = tenants;
      timer = setInterval(trigger, options.intervalMs ?? 5_000);
      timer.unref?.();
      trigger();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      tenantsOf = null;
      while (running) await running;
    },
    idle: async () => {
      while (running) await running;
    },
  };
};
