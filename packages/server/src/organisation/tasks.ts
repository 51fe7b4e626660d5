import { sql } from 'kysely';
import { DomainError, type CaseCommand } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import { isUuid } from '../db/ids';
import type { CommandContext } from '../application/context';
import { runCaseCommands, runCaseCommandsIn } from '../application/cases.commands';
import { inTenantTransaction } from '../application/stream-command';
import { recordAudit } from '../audit/audit-log';
import { activeUser, dateOf } from './organisation';

// The task list with its filters (F2), and the supervisor's moves (F3): one task to another
// person, a whole portfolio to another manager. Every move is a case event.

export type TaskQuery = {
  readonly assignee?: string | undefined;
  readonly caseId?: string | undefined;
  readonly type?: string | undefined;
  readonly status: 'open' | 'done' | 'all';
  readonly priority?: 'low' | 'normal' | 'high' | 'urgent' | undefined;
  /** true: open and past due; false: not overdue. */
  readonly overdue?: boolean | undefined;
  /** Tasks of the team's cases or held by its members. */
  readonly team?: string | undefined;
  /** Due strictly before this date. */
  readonly dueBefore?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
};

export type TaskRow = {
  id: string;
  caseId: string;
  caseNumber: string;
  title: string;
  taskType: string;
  assignee: string | null;
  due: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  status: 'open' | 'done';
  overdue: boolean;
  createdBy: { kind: string; id: string };
};

/** Tasks matching the filters, soonest deadline first, one page of them and how many in all. */
export const listTasks = async (
  tx: Tx,
  q: TaskQuery,
  today: string,
): Promise<{ items: TaskRow[]; page: number; pageSize: number; total: number }> => {
  let query = tx.selectFrom('tasks as t').innerJoin('cases as c', 'c.id', 't.case_id');
  if (q.status !== 'all') query = query.where('t.status', '=', q.status);
  if (q.assignee) query = query.where('t.assignee', '=', q.assignee);
  if (q.caseId) {
    if (!isUuid(q.caseId)) return { items: [], page: q.page, pageSize: q.pageSize, total: 0 };
    query = query.where('t.case_id', '=', q.caseId);
  }
  if (q.type) query = query.where('t.task_type', '=', q.type);
  if (q.priority) query = query.where('t.priority', '=', q.priority);
  if (q.overdue === true) query = query.where('t.status', '=', 'open').where('t.due', '<', today);
  if (q.overdue === false) {
    query = query.where((eb) => eb.or([eb('t.status', '!=', 'open'), eb('t.due', '>=', today)]));
  }
  if (q.dueBefore) query = query.where('t.due', '<', q.dueBefore);
  if (q.team) {
    const team = q.team;
    query = query.where((eb) =>
      eb.or([
        eb('c.team', '=', team),
        eb('t.assignee', 'in', eb.selectFrom('users as u').select('u.username').where('u.team', '=', team)),
      ]),
    );
  }
  const rows = await query
    .select([
      't.id',
      't.case_id',
      'c.number',
      't.title',
      't.task_type',
      't.assignee',
      't.due',
      't.priority',
      't.status',
      't.created_by',
      sql<string | number | bigint>`count(*) over ()`.as('total'),
    ])
    .orderBy('t.due')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  const total =
    rows.length > 0
      ? Number(rows[0]!.total)
      : q.page > 1
        ? Number(
            (
              await query
                .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          )
        : 0;
  return {
    items: rows.map((r) => {
      const due = dateOf(r.due);
      return {
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        title: r.title,
        taskType: r.task_type,
        assignee: r.assignee,
        due,
        priority: r.priority as TaskRow['priority'],
        status: r.status as TaskRow['status'],
        overdue: r.status === 'open' && due < today,
        createdBy: r.created_by,
      };
    }),
    page: q.page,
    pageSize: q.pageSize,
    total,
  };
};

export type MoveResult = { caseId: string; version: number; events: string[] };

/** Hands one open task to another active user, as a `TaskReassigned` event on its case. */
export const reassignTask = async (
  ctx: CommandContext,
  taskId: string,
  input: { assignee: string; reason?: string | null | undefined },
): Promise<MoveResult> => {
  if (!isUuid(taskId)) throw new DomainError('task_not_found', `no task ${taskId}`);
  const task = await inTenantTransaction(ctx, async (tx) => {
    await activeUser(tx, input.assignee, 'assignee');
    return tx.selectFrom('tasks').select(['case_id']).where('id', '=', taskId).executeTakeFirst();
  });
  if (!task) throw new DomainError('task_not_found', `no task ${taskId}`);
  const result = await runCaseCommands(ctx, task.case_id, [
    { type: 'ReassignTask', data: { taskId, assignee: input.assignee, reason: input.reason ?? null } },
  ]);
  return { caseId: task.case_id, version: result.version, events: result.events.map((e) => e.type) };
};

/**
 * F3: every open case of the portfolio gets `to` as its manager, and the open tasks its previous
 * manager held (or nobody held) go to `to` as well; tasks of other people (a supervisor's approval)
 * stay where they are. One transaction: the portfolio moves as a whole or not at all. The
 * portfolio's owner becomes `to`.
 */
export const reassignPortfolio = async (
  ctx: CommandContext,
  code: string,
  input: { to: string; reason?: string | null | undefined },
): Promise<{ portfolio: string; to: string; cases: MoveResult[] }> =>
  inTenantTransaction(ctx, async (tx) => {
    await activeUser(tx, input.to, 'new manager');
    const portfolio = await tx
      .selectFrom('portfolios')
      .select(['code', 'owner'])
      .where('code', '=', code)
      .executeTakeFirst();
    const cases = await tx
      .selectFrom('cases')
      .select(['id', 'manager'])
      .where('portfolio', '=', code)
      .where('status', '!=', 'closed')
      .orderBy('number')
      .execute();
    if (!portfolio && cases.length === 0) throw new DomainError('not_found', `no portfolio ${code}`);
    const moved: MoveResult[] = [];
    for (const c of cases) {
      const tasks = await tx
        .selectFrom('tasks')
        .select('id')
        .where('case_id', '=', c.id)
        .where('status', '=', 'open')
        .where((eb) =>
          c.manager === null
            ? eb('assignee', 'is', null)
            : eb.or([eb('assignee', 'is', null), eb('assignee', '=', c.manager)]),
        )
        .orderBy('created_at')
        .execute();
      const commands: CaseCommand[] = [
        { type: 'AssignManager', data: { manager: input.to } },
        ...tasks.map((t): CaseCommand => ({
          type: 'ReassignTask',
          data: { taskId: t.id, assignee: input.to, reason: input.reason ?? `portfolio ${code} moved` },
        })),
      ];
      const result = await runCaseCommandsIn(tx, ctx, c.id, commands);
      if (result.events.length > 0) {
        moved.push({ caseId: c.id, version: result.version, events: result.events.map((e) => e.type) });
      }
    }
    if (portfolio && portfolio.owner !== input.to) {
      await tx.updateTable('portfolios').set({ owner: input.to }).where('code', '=', code).execute();
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        at: ctx.now,
        actor: ctx.actor,
        origin: ctx.origin ?? null,
        action: 'portfolio.reassign',
        target: { type: 'portfolio', id: code },
        detail: { owner: input.to, previous: portfolio.owner, cases: moved.length },
        correlationId: ctx.correlationId,
      });
    }
    return { portfolio: code, to: input.to, cases: moved };
  });
