import type { MoneyDto } from '@quittance/api-contract';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useMe } from '../auth/auth-context';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { CompleteTask } from './complete-task';
import { caseHref, queryOf, type Agenda } from './organisation.types';

export function Balances({ balances }: { balances: readonly MoneyDto[] }) {
  const t = useT();
  if (balances.length === 0) return <>{t('common.none')}</>;
  return (
    <>
      {balances.map((money, index) => (
        <span key={money.currency} className="nowrap">
          {index > 0 && ' · '}
          <Amount money={money} />
        </span>
      ))}
    </>
  );
}

/** F3: the collector's day — tasks counted per type, the list to work through, stopped cases. */
export function AgendaPage() {
  const t = useT();
  const fmt = useFormat();
  const { me } = useMe();
  const [params] = useSearchParams();
  const user = params.get('user') ?? '';
  const agenda = useApi<Agenda>(`/agenda${queryOf({ user })}`, { keepPrevious: true });
  const data = agenda.data;
  const someoneElse = data && data.user !== me.user.username;
  useDocumentTitle(t('agenda.title'));

  return (
    <section className="page" data-testid="agenda-page">
      <div className="page-header">
        <h1>{someoneElse ? t('agenda.titleOf', { user: data.user }) : t('agenda.title')}</h1>
        {data && (
          <span className="page-header-meta muted">{t('agenda.asOf', { date: fmt.date(data.asOf) })}</span>
        )}
      </div>
      {agenda.status === 'error' && <ErrorState error={agenda.error} onRetry={agenda.reload} />}
      {!data && agenda.status === 'loading' && <Loading />}
      {data && (
        <>
          {data.substituting.length > 0 && (
            <p className="notice" data-testid="agenda-substituting">
              {t('agenda.substituting', { people: data.substituting.join(', ') })}
            </p>
          )}

          <section className="card" aria-labelledby="agenda-by-type">
            <h2 id="agenda-by-type">{t('agenda.byType')}</h2>
            {data.byType.length === 0 ? (
              <p className="muted">{t('agenda.noTasks')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="agenda-by-type">
                  <thead>
                    <tr>
                      <th>{t('tasks.type')}</th>
                      <th className="num">{t('agenda.toDo')}</th>
                      <th className="num">{t('agenda.waiting')}</th>
                      <th className="num">{t('agenda.overdue')}</th>
                      <th className="num">{t('agenda.total')}</th>
                      <th className="num">{t('agenda.balance')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byType.map((row) => (
                      <tr key={row.taskType} data-testid="agenda-type" data-type={row.taskType}>
                        <td>{row.taskType}</td>
                        <td className="num" data-testid="agenda-type-todo">
                          {row.toDo}
                        </td>
                        <td className="num">{row.waiting}</td>
                        <td className="num">
                          {row.overdue > 0 ? <strong className="form-error">{row.overdue}</strong> : 0}
                        </td>
                        <td className="num">{row.total}</td>
                        <td className="num">
                          <Balances balances={row.balances} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby="agenda-tasks">
            <h2 id="agenda-tasks">{t('agenda.tasks')}</h2>
            {data.tasks.length === 0 ? (
              <EmptyState>{t('agenda.noTasks')}</EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="agenda-tasks">
                  <thead>
                    <tr>
                      <th>{t('tasks.due')}</th>
                      <th>{t('tasks.priority')}</th>
                      <th>{t('tasks.type')}</th>
                      <th>{t('tasks.task')}</th>
                      <th>{t('tasks.case')}</th>
                      <th className="num">{t('agenda.balance')}</th>
                      <th>
                        <span className="visually-hidden">{t('tasks.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.tasks.map((task) => (
                      <tr
                        key={task.id}
                        className={task.overdue ? 'row-overdue' : undefined}
                        data-testid="agenda-task"
                        data-task-id={task.id}
                        data-overdue={task.overdue}
                      >
                        <td className="nowrap">
                          {fmt.date(task.due)}{' '}
                          {task.overdue && (
                            <span className="badge badge-item-overdue" data-testid="task-overdue">
                              {t('tasks.overdue')}
                            </span>
                          )}
                        </td>
                        <td>{t(`priority.${task.priority}`)}</td>
                        <td>{task.taskType}</td>
                        <td>
                          {task.title}
                          {task.assignee && task.assignee !== data.user && (
                            <div className="muted small">{t('agenda.for', { user: task.assignee })}</div>
                          )}
                        </td>
                        <td>
                          <Link to={caseHref(task.caseId)} className="mono" data-testid="task-case">
                            {task.caseNumber}
                          </Link>
                          {task.debtorName && <div className="small">{task.debtorName}</div>}
                        </td>
                        <td className="num">
                          <Amount money={task.balance} />
                        </td>
                        <td>
                          {task.status === 'open' && <CompleteTask taskId={task.id} onDone={agenda.reload} />}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="card" aria-labelledby="agenda-stopped">
            <h2 id="agenda-stopped">{t('agenda.stopped')}</h2>
            <p className="muted small">{t('agenda.stoppedIntro')}</p>
            {data.stoppedCases.length === 0 ? (
              <p className="muted">{t('agenda.noStopped')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table" data-testid="agenda-stopped">
                  <thead>
                    <tr>
                      <th>{t('tasks.case')}</th>
                      <th>{t('agenda.debtor')}</th>
                      <th>{t('agenda.reason')}</th>
                      <th className="num">{t('agenda.balance')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.stoppedCases.map((stopped) => (
                      <tr key={stopped.caseId} data-testid="agenda-stopped-case" data-reason={stopped.reason}>
                        <td>
                          <Link to={caseHref(stopped.caseId)} className="mono">
                            {stopped.caseNumber}
                          </Link>
                        </td>
                        <td>{stopped.debtorName ?? t('common.none')}</td>
                        <td>{t(`agenda.reason.${stopped.reason}`)}</td>
                        <td className="num">
                          <Amount money={stopped.balance} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
