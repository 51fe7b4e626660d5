import { sql } from 'kysely';
import { money, moneyToDto, type CurrencyCode, type MoneyDto } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import { absencesOn, dateOf, substitutedBy } from './organisation';

// The agenda of one person (F1, F2, F4) and the supervisor's view of their people (F3): read
// models over tasks and cases, computed at a business date. Money stays in minor units until the
// wire.

/**
 * What the debtor owes on the case, as the case list says it: the items' outstanding principal plus
 * interest, fees and costs, less the cash held (from the ledger). Reads `c` as the case.
 */
const caseBalanceMinor = sql<bigint | string>`(
  coalesce((select sum(i.outstanding_minor) from financial_items i where i.case_id = c.id), 0)
  + coalesce((select sum(p.amount_minor) from ledger_entries e join ledger_postings p on p.entry_id = e.id
      where e.case_id = c.id and p.account in ('interest', 'fees', 'costs', 'unallocated', 'overpayment')), 0)
)::bigint`;

const dto = (minor: bigint, currency: string): MoneyDto => moneyToDto(money(minor, currency as CurrencyCode));

/** Sums per currency, currencies in alphabetical order. */
const totals = (amounts: Iterable<{ minor: bigint; currency: string }>): MoneyDto[] => {
  const byCurrency = new Map<string, bigint>();
  for (const a of amounts) byCurrency.set(a.currency, (byCurrency.get(a.currency) ?? 0n) + a.minor);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, minor]) => dto(minor, currency));
};

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export type AgendaTask = {
  id: string;
  caseId: string;
  caseNumber: string;
  debtorName: string | null;
  title: string;
  taskType: string;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  due: string;
  status: 'open' | 'done';
  overdue: boolean;
  assignee: string | null;
  balance: MoneyDto;
};

export type AgendaByType = {
  taskType: string;
  toDo: number;
  waiting: number;
  overdue: number;
  total: number;
  balances: MoneyDto[];
};

export type StoppedCase = {
  caseId: string;
  caseNumber: string;
  debtorName: string | null;
  reason: 'manual-mode' | 'no-strategy';
  balance: MoneyDto;
};

export type Agenda = {
  user: string;
  asOf: string;
  substituting: string[];
  byType: AgendaByType[];
  tasks: AgendaTask[];
  stoppedCases: StoppedCase[];
};

/**
 * What needs `username` on `asOf`: their open tasks and those of the people they cover that day
 * (overdue first, then the most urgent, then the soonest), counted per task type, and the open
 * cases they manage that no automation drives (manual mode, or no strategy running).
 */
export const agendaOf = async (tx: Tx, username: string, asOf: string): Promise<Agenda> => {
  const substituting = await substitutedBy(tx, username, asOf);
  const rows = await tx
    .selectFrom('tasks as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .select([
      't.id',
      't.case_id',
      'c.number',
      'c.debtor_name',
      't.title',
      't.task_type',
      't.priority',
      't.due',
      't.status',
      't.assignee',
      'c.currency',
      caseBalanceMinor.as('balance_minor'),
    ])
    .where('t.status', '=', 'open')
    .where('c.status', '!=', 'closed')
    .where('t.assignee', 'in', [username, ...substituting])
    .execute();

  const tasks = rows
    .map((r) => {
      const due = dateOf(r.due);
      const minor = BigInt(r.balance_minor);
      return {
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        debtorName: r.debtor_name,
        title: r.title,
        taskType: r.task_type,
        priority: r.priority as AgendaTask['priority'],
        due,
        status: 'open' as const,
        overdue: due < asOf,
        assignee: r.assignee,
        balance: dto(minor, r.currency),
        minor,
        currency: r.currency,
      };
    })
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
        a.due.localeCompare(b.due) ||
        a.caseNumber.localeCompare(b.caseNumber) ||
        a.id.localeCompare(b.id),
    );

  const types = [...new Set(tasks.map((t) => t.taskType))].sort();
  const byType = types.map((taskType): AgendaByType => {
    const ofType = tasks.filter((t) => t.taskType === taskType);
    const cases = new Map(ofType.map((t) => [t.caseId, { minor: t.minor, currency: t.currency }]));
    return {
      taskType,
      toDo: ofType.filter((t) => t.due <= asOf).length,
      waiting: ofType.filter((t) => t.due > asOf).length,
      overdue: ofType.filter((t) => t.overdue).length,
      total: ofType.length,
      balances: totals(cases.values()),
    };
  });

  const stopped = await tx
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.number',
      'c.debtor_name',
      'c.manual_mode',
      'c.currency',
      caseBalanceMinor.as('balance_minor'),
    ])
    .where('c.manager', '=', username)
    .where('c.status', '!=', 'closed')
    .where('c.archived', '=', false)
    .where((eb) => eb.or([eb('c.manual_mode', '=', true), eb('c.strategy', 'is', null)]))
    .orderBy('c.number')
    .execute();

  return {
    user: username,
    asOf,
    substituting,
    byType,
    tasks: tasks.map(({ minor: _minor, currency: _currency, ...task }) => task),
    stoppedCases: stopped.map((c) => ({
      caseId: c.id,
      caseNumber: c.number,
      debtorName: c.debtor_name,
      reason: c.manual_mode ? 'manual-mode' : 'no-strategy',
      balance: dto(BigInt(c.balance_minor), c.currency),
    })),
  };
};

export type TeamMember = {
  username: string;
  displayName: string;
  team: string | null;
  openTasks: number;
  overdueTasks: number;
  cases: number;
  balances: MoneyDto[];
  absence: { from: string; to: string; substitute: string } | null;
};

/**
 * The people `supervisor` supervises (named on their account, or through their team when their
 * account names nobody), active ones, with their open and overdue tasks, the open cases they
 * manage and what those cases owe, and their absence on `asOf`.
 */
export const teamOf = async (
  tx: Tx,
  supervisor: string,
  asOf: string,
): Promise<{ supervisor: string; members: TeamMember[] }> => {
  const people = await tx
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.code', 'u.team')
    .select(['u.username', 'u.display_name', 'u.team'])
    .where('u.status', '=', 'active')
    .where('u.username', '!=', supervisor)
    .where((eb) =>
      eb.or([
        eb('u.supervisor', '=', supervisor),
        eb.and([eb('u.supervisor', 'is', null), eb('t.supervisor', '=', supervisor)]),
      ]),
    )
    .orderBy('u.username')
    .execute();
  if (people.length === 0) return { supervisor, members: [] };
  const usernames = people.map((p) => p.username);

  const tasks = await tx
    .selectFrom('tasks as t')
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .select((eb) => [
      't.assignee',
      eb.fn.countAll<string | number | bigint>().as('open'),
      sql<string | number | bigint>`count(*) filter (where t.due < ${asOf}::date)`.as('overdue'),
    ])
    .where('t.status', '=', 'open')
    .where('c.status', '!=', 'closed')
    .where('t.assignee', 'in', usernames)
    .groupBy('t.assignee')
    .execute();
  const cases = await tx
    .selectFrom('cases as c')
    .select(['c.manager', 'c.currency', caseBalanceMinor.as('balance_minor')])
    .where('c.status', '!=', 'closed')
    .where('c.archived', '=', false)
    .where('c.manager', 'in', usernames)
    .execute();
  const absences = await absencesOn(tx, asOf);

  return {
    supervisor,
    members: people.map((p) => {
      const counts = tasks.find((t) => t.assignee === p.username);
      const managed = cases.filter((c) => c.manager === p.username);
      const absence = absences.get(p.username);
      return {
        username: p.username,
        displayName: p.display_name,
        team: p.team,
        openTasks: Number(counts?.open ?? 0),
        overdueTasks: Number(counts?.overdue ?? 0),
        cases: managed.length,
        balances: totals(managed.map((c) => ({ minor: BigInt(c.balance_minor), currency: c.currency }))),
        absence: absence ? { from: absence.from, to: absence.to, substitute: absence.substitute } : null,
      };
    }),
  };
};
