import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useCan } from '../auth/auth-context';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { CompleteTask, ReassignTask } from './complete-task';
import { caseHref, PRIORITIES, queryOf, type TaskPage } from './organisation.types';
import { usePeople } from './people';

const PAGE_SIZE = 50;
const FILTERS = ['assignee', 'type', 'status', 'priority', 'overdue', 'team'] as const;
type Filter = (typeof FILTERS)[number];

/** F4: every task, filtered by who, what, state and urgency; reassignment for those who may. */
export function TasksPage() {
  const t = useT();
  const fmt = useFormat();
  const can = useCan();
  const people = usePeople();
  const [params, setParams] = useSearchParams();
  const value = (key: Filter) => params.get(key) ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [assignee, setAssignee] = useState(value('assignee'));
  const [type, setType] = useState(value('type'));
  const [team, setTeam] = useState(value('team'));
  useDocumentTitle(t('tasks.title'));

  const query = queryOf({
    ...Object.fromEntries(FILTERS.map((key) => [key, value(key)])),
    page: page > 1 ? page : '',
    pageSize: PAGE_SIZE,
  });
  const tasks = useApi<TaskPage>(`/tasks${query}`, { keepPrevious: true });
  const rows = tasks.data?.items ?? [];
  const total = tasks.data?.total ?? rows.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  const update = (changes: Partial<Record<Filter | 'page', string>>) => {
    const next = new URLSearchParams(params);
    for (const [key, v] of Object.entries(changes)) {
      if (v) next.set(key, v);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const applyText = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    update({ assignee: assignee.trim(), type: type.trim(), team: team.trim() });
  };

  return (
    <section className="page" data-testid="tasks-page">
      <div className="page-header">
        <h1>{t('tasks.title')}</h1>
        {tasks.data && (
          <span className="page-header-meta muted" data-testid="tasks-total">
            {t('tasks.count', { count: total })}
          </span>
        )}
      </div>
      <form className="filters" onSubmit={applyText}>
        <label className="field">
          <span className="field-label">{t('tasks.assignee')}</span>
          <input
            data-testid="tasks-assignee"
            value={assignee}
            list="tasks-people"
            onChange={(event) => setAssignee(event.target.value)}
          />
          <datalist id="tasks-people">
            {people.map((person) => (
              <option key={person} value={person} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">{t('tasks.type')}</span>
          <input data-testid="tasks-type" value={type} onChange={(event) => setType(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('tasks.team')}</span>
          <input data-testid="tasks-team" value={team} onChange={(event) => setTeam(event.target.value)} />
        </label>
        <label className="field">
          <span className="field-label">{t('tasks.status')}</span>
          <select
            data-testid="tasks-status"
            value={value('status')}
            onChange={(event) => update({ status: event.target.value })}
          >
            <option value="">{t('tasks.status.open')}</option>
            <option value="done">{t('tasks.status.done')}</option>
            <option value="all">{t('tasks.status.all')}</option>
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('tasks.priority')}</span>
          <select
            data-testid="tasks-priority"
            value={value('priority')}
            onChange={(event) => update({ priority: event.target.value })}
          >
            <option value="">{t('tasks.any')}</option>
            {PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            data-testid="tasks-overdue"
            checked={value('overdue') === 'true'}
            onChange={(event) => update({ overdue: event.target.checked ? 'true' : '' })}
          />
          {t('tasks.overdueOnly')}
        </label>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('tasks.apply')}
          </button>
        </div>
      </form>

      {tasks.status === 'error' && <ErrorState error={tasks.error} onRetry={tasks.reload} />}
      {!tasks.data && tasks.status === 'loading' && <Loading />}
      {tasks.data && rows.length === 0 && <EmptyState>{t('tasks.none')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="tasks-table">
            <thead>
              <tr>
                <th>{t('tasks.due')}</th>
                <th>{t('tasks.priority')}</th>
                <th>{t('tasks.type')}</th>
                <th>{t('tasks.task')}</th>
                <th>{t('tasks.case')}</th>
                <th>{t('tasks.assignee')}</th>
                <th>{t('tasks.status')}</th>
                <th>
                  <span className="visually-hidden">{t('tasks.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((task) => (
                <tr
                  key={task.id}
                  className={task.overdue ? 'row-overdue' : undefined}
                  data-testid="task-row"
                  data-task-id={task.id}
                  data-assignee={task.assignee ?? ''}
                  data-overdue={task.overdue}
                >
                  <td className="nowrap">
                    {fmt.date(task.due)}{' '}
                    {task.overdue && <span className="badge badge-item-overdue">{t('tasks.overdue')}</span>}
                  </td>
                  <td>{t(`priority.${task.priority}`)}</td>
                  <td>{task.taskType}</td>
                  <td>{task.title}</td>
                  <td>
                    <Link to={caseHref(task.caseId)} className="mono">
                      {task.caseNumber}
                    </Link>
                  </td>
                  <td data-testid="task-assignee">{task.assignee ?? t('tasks.unassigned')}</td>
                  <td>{t(`tasks.status.${task.status}`)}</td>
                  <td>
                    {task.status === 'open' && (
                      <div className="inline-form">
                        {can('cases:write') && <CompleteTask taskId={task.id} onDone={tasks.reload} />}
                        {can('tasks:reassign') && (
                          <ReassignTask taskId={task.id} people={people} onDone={tasks.reload} />
                        )}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <div className="pagination">
          <button
            type="button"
            className="button"
            disabled={page <= 1}
            onClick={() => update({ page: String(page - 1) })}
          >
            {t('tasks.previous')}
          </button>
          <span className="pagination-status">{t('tasks.page', { page, pages })}</span>
          <button
            type="button"
            className="button"
            disabled={page >= pages}
            onClick={() => update({ page: String(page + 1) })}
          >
            {t('tasks.next')}
          </button>
        </div>
      )}
    </section>
  );
}
