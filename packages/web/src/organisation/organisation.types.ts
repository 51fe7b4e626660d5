import type { MoneyDto } from '@quittance/api-contract';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';
export const PRIORITIES: readonly Priority[] = ['urgent', 'high', 'normal', 'low'];

/** `GET /agenda`: what needs the collector today, as the server sorts it (overdue, urgent, soonest). */
export type Agenda = {
  user: string;
  asOf: string;
  substituting: string[];
  byType: {
    taskType: string;
    toDo: number;
    waiting: number;
    overdue: number;
    total: number;
    balances: MoneyDto[];
  }[];
  tasks: AgendaTask[];
  stoppedCases: {
    caseId: string;
    caseNumber: string;
    debtorName: string | null;
    reason: 'manual-mode' | 'no-strategy';
    balance: MoneyDto;
  }[];
};

export type AgendaTask = {
  id: string;
  caseId: string;
  caseNumber: string;
  debtorName: string | null;
  title: string;
  taskType: string;
  priority: Priority;
  due: string;
  status: 'open' | 'done';
  overdue: boolean;
  assignee: string | null;
  balance: MoneyDto;
};

/** `GET /tasks`: a page of tasks and how many match. */
export type TaskPage = {
  items: {
    id: string;
    caseId: string;
    caseNumber: string;
    title: string;
    taskType: string;
    assignee: string | null;
    due: string;
    priority: Priority;
    status: 'open' | 'done';
    overdue: boolean;
    createdBy?: string | null;
  }[];
  total?: number;
};

export type TeamView = {
  supervisor: string;
  members: {
    username: string;
    displayName: string;
    team: string | null;
    openTasks: number;
    overdueTasks: number;
    cases: number;
    balances: MoneyDto[];
    absence: { from: string; to: string; substitute: string } | null;
  }[];
};

export type Absence = {
  id: string;
  username: string;
  substitute: string;
  from: string;
  to: string;
  reason: string | null;
  createdBy: string;
  cancelled: boolean;
};

/** Lists come as `{items}` from most routes; tolerate a bare array. */
export function itemsOf<T>(data: T[] | { items: T[] } | undefined): T[] {
  if (!data) return [];
  return Array.isArray(data) ? data : data.items;
}

export const caseHref = (caseId: string) => `/app/cases/${encodeURIComponent(caseId)}`;

/** A query string of the non-empty values, `?a=1&b=2`, or '' when all are empty. */
export function queryOf(values: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
