import { withTenant, type Tenant } from '../db/tenancy';
import type { Db } from '../db/database';
import { newCorrelationId } from '../event-store/event-store';
import { runCaseCommandsIn } from '../application/cases.commands';
import type { CommandContext } from '../application/context';
import { organisationOf, supervisorOf } from '../organisation/organisation';

// Agreements approvals read who supervises whom from here; the answer combines the accounts,
// the teams and the tenant's settings (organisation/organisation.ts).
export { organisationOf };

export type SweepOptions = { readonly today: string; readonly clock: () => Date };

const systemContext = (db: Db, tenant: Tenant, id: string, options: SweepOptions): CommandContext => ({
  db,
  tenant,
  actor: { kind: 'system', id },
  now: options.clock(),
  today: options.today,
  correlationId: newCorrelationId(),
});

/**
 * Durable timers (B2): every timer whose date has come fires once, as a `TimerFired` event on its
 * case, which the Expert System then evaluates like any other event. A timer on a closed case
 * stays pending and is reported by the closed case's history only.
 */
export const fireDueTimers = async (db: Db, tenant: Tenant, options: SweepOptions): Promise<number> => {
  const due = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom('timers as t')
      .innerJoin('cases as c', 'c.id', 't.case_id')
      .select(['t.id', 't.case_id'])
      .where('t.status', '=', 'pending')
      .where('t.due_on', '<=', options.today)
      .where('c.status', '!=', 'closed')
      .orderBy('t.due_on')
      .limit(1000)
      .execute(),
  );
  let fired = 0;
  for (const timer of due) {
    const result = await withTenant(db, tenant.id, (tx) =>
      runCaseCommandsIn(tx, systemContext(db, tenant, 'timers', options), timer.case_id, [
        { type: 'FireTimer', data: { timerId: timer.id, firedOn: options.today } },
      ]),
    );
    fired += result.events.length > 0 ? 1 : 0;
  }
  return fired;
};

/**
 * B8: an open task past its deadline is reported once to the supervisor of its holder (of the
 * case's manager when nobody holds it): the one named on their account, else their team's, else
 * the tenant's settings. It is a `TaskOverdue` event the rules react to (the standard library
 * creates a task for the supervisor).
 */
export const escalateOverdueTasks = async (
  db: Db,
  tenant: Tenant,
  options: SweepOptions,
): Promise<number> => {
  const { overdue, organisation } = await withTenant(db, tenant.id, async (tx) => ({
    overdue: await tx
      .selectFrom('tasks as t')
      .innerJoin('cases as c', 'c.id', 't.case_id')
      .select(['t.id', 't.case_id', 't.assignee', 'c.manager'])
      .where('t.status', '=', 'open')
      .where('t.overdue_reported', '=', false)
      .where('t.due', '<', options.today)
      .where('c.status', '!=', 'closed')
      .orderBy('t.due')
      .limit(1000)
      .execute(),
    organisation: await organisationOf(tx, tenant.id),
  }));
  let escalated = 0;
  for (const task of overdue) {
    const supervisor = supervisorOf(organisation, task.assignee ?? task.manager);
    const result = await withTenant(db, tenant.id, (tx) =>
      runCaseCommandsIn(tx, systemContext(db, tenant, 'deadlines', options), task.case_id, [
        { type: 'MarkTaskOverdue', data: { taskId: task.id, supervisor, detectedOn: options.today } },
      ]),
    );
    escalated += result.events.length > 0 ? 1 : 0;
  }
  return escalated;
};
