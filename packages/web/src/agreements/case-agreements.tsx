import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { ErrorState, Loading } from '../ui/states';
import { channelName, componentName } from './agreements.labels';
import {
  caseAgreementsPath,
  caseTasksPath,
  planBuilderHref,
  planHref,
  type CaseAgreements as CaseAgreementsDto,
  type CaseTask,
  type DisputeDto,
  type PlanDto,
  type PromiseDto,
  type WaiverDto,
} from './agreements.types';
import { CommandError, MoneyText, Progress, ReasonForm, StatusBadge } from './agreements-ui';
import { DisputeForm, PromiseForm, WaiverForm } from './case-forms';
import { installmentProgress } from './plan-model';
import { useCommand } from './use-command';

type Props = {
  caseId: string;
  asOf: string;
  /** Something was recorded on the case: its chrono and detail should be read again. */
  onChanged: () => void;
};

type OpenForm = { kind: 'promise'; task: CaseTask | null } | { kind: 'dispute' } | { kind: 'waiver' } | null;

/** Call tasks are the ones a promise to pay is usually taken from. */
const isCallTask = (task: CaseTask) => task.taskType === 'call';

const enc = encodeURIComponent;

function TasksList({ tasks, onPromise }: { tasks: CaseTask[]; onPromise: (task: CaseTask) => void }) {
  const t = useT();
  const fmt = useFormat();
  if (tasks.length === 0) {
    return (
      <p className="muted small" data-testid="agreements-no-tasks">
        {t('agreements.case.noTasks')}
      </p>
    );
  }
  return (
    <ul className="plain-list agr-tasks" data-testid="agreements-tasks">
      {tasks.map((task) => (
        <li key={task.id} className="agr-task" data-testid="agreements-task" data-type={task.taskType}>
          <span>
            <strong>{task.title}</strong>{' '}
            <span className="muted small">
              {task.taskType} · {fmt.date(task.due)}
              {task.assignee && ` · ${task.assignee}`}
            </span>
          </span>
          {isCallTask(task) && (
            <button
              type="button"
              className="button"
              data-testid="task-promise"
              onClick={() => onPromise(task)}
            >
              {t('agreements.case.takePromise')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function PromisesTable({
  promises,
  onCancel,
  busy,
}: {
  promises: PromiseDto[];
  onCancel: (promise: PromiseDto, reason: string) => void;
  busy: boolean;
}) {
  const t = useT();
  const fmt = useFormat();
  const [cancelling, setCancelling] = useState<string | null>(null);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="case-promises">
        <thead>
          <tr>
            <th>{t('agreements.col.promisedFor')}</th>
            <th>{t('agreements.col.status')}</th>
            <th className="num">{t('agreements.col.paid')}</th>
            <th>{t('agreements.col.channel')}</th>
            <th>{t('agreements.col.invoices')}</th>
            <th>{t('agreements.col.takenBy')}</th>
            <th>{t('agreements.col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {promises.map((promise) => (
            <tr key={promise.id} data-testid="case-promise" data-status={promise.status}>
              <td className="nowrap">{fmt.date(promise.promisedFor)}</td>
              <td>
                <StatusBadge kind="promise" status={promise.status} />
              </td>
              <td className="num nowrap" data-testid="promise-paid">
                {t('agreements.case.paidOf', {
                  paid: fmt.money({ amount: promise.paid, currency: promise.currency }),
                  amount: fmt.money({ amount: promise.amount, currency: promise.currency }),
                })}
              </td>
              <td>{channelName(promise.channel, t)}</td>
              <td className="mono small">{promise.invoices.join(', ')}</td>
              <td className="small">
                {promise.takenBy}
                {promise.note && <span className="muted"> · {promise.note}</span>}
              </td>
              <td>
                {promise.status === 'open' &&
                  (cancelling === promise.id ? (
                    <ReasonForm
                      label={t('agreements.case.cancelReason')}
                      submitLabel={t('agreements.case.cancelPromise')}
                      busy={busy}
                      testId="promise-cancel"
                      onSubmit={(reason) => onCancel(promise, reason)}
                    />
                  ) : (
                    <button
                      type="button"
                      className="button button-link"
                      data-testid="promise-cancel-open"
                      onClick={() => setCancelling(promise.id)}
                    >
                      {t('agreements.case.cancelPromise')}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PlansTable({ plans }: { plans: PlanDto[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="case-plans">
        <thead>
          <tr>
            <th>{t('agreements.col.status')}</th>
            <th>{t('agreements.col.next')}</th>
            <th>{t('agreements.col.progress')}</th>
            <th className="num">{t('agreements.col.total')}</th>
          </tr>
        </thead>
        <tbody>
          {plans.map((plan) => {
            const progress = installmentProgress(plan.installments);
            return (
              <tr key={plan.id} data-testid="case-plan" data-status={plan.status}>
                <td>
                  <Link to={planHref(plan.id)} data-testid="case-plan-link">
                    <StatusBadge kind="plan" status={plan.status} />
                  </Link>
                </td>
                <td className="nowrap">
                  {plan.nextInstallment
                    ? t('agreements.case.nextOn', {
                        amount: fmt.money({ amount: plan.nextInstallment.amount, currency: plan.currency }),
                        date: fmt.date(plan.nextInstallment.dueDate),
                      })
                    : t('agreements.none')}
                </td>
                <td>
                  <Progress paid={plan.paid} total={plan.total} currency={plan.currency} />{' '}
                  <span className="small muted">
                    {t('agreements.case.installmentsPaid', { paid: progress.paid, of: progress.of })}
                  </span>
                </td>
                <td className="num">
                  <MoneyText amount={plan.total} currency={plan.currency} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DisputesTable({ disputes }: { disputes: DisputeDto[] }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="case-disputes">
        <thead>
          <tr>
            <th>{t('agreements.col.status')}</th>
            <th>{t('agreements.col.reason')}</th>
            <th>{t('agreements.col.invoice')}</th>
            <th className="num">{t('agreements.col.amount')}</th>
            <th>{t('agreements.col.owner')}</th>
            <th>{t('agreements.col.deadline')}</th>
          </tr>
        </thead>
        <tbody>
          {disputes.map((dispute) => (
            <tr
              key={dispute.id}
              data-testid="case-dispute"
              data-status={dispute.status}
              className={dispute.overdue ? 'agr-overdue' : undefined}
            >
              <td>
                <StatusBadge kind="dispute" status={dispute.status} />
              </td>
              <td>{dispute.reasonLabel}</td>
              <td className="mono small">{dispute.invoice ?? t('agreements.case.wholeCase')}</td>
              <td className="num">
                <MoneyText amount={dispute.amount} currency={dispute.currency} />
              </td>
              <td>{dispute.owner ?? t('agreements.none')}</td>
              <td className="nowrap">
                {dispute.deadline ? fmt.date(dispute.deadline) : t('agreements.none')}
                {dispute.overdue && (
                  <span className="badge agr-badge agr-badge-fail">
                    {' '}
                    {t('agreements.disputes.overdueBadge')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function WaiversList({
  waivers,
  busy,
  onDecide,
}: {
  waivers: WaiverDto[];
  busy: boolean;
  onDecide: (waiver: WaiverDto, decision: 'approve' | 'reject', reason?: string) => void;
}) {
  const t = useT();
  const [rejecting, setRejecting] = useState<string | null>(null);
  return (
    <ul className="plain-list agr-waivers" data-testid="case-waivers">
      {waivers.map((waiver) => (
        <li key={waiver.id} data-testid="case-waiver" data-status={waiver.status}>
          <span
            className={`badge agr-badge agr-badge-${waiver.status === 'granted' ? 'pass' : waiver.status === 'pending' ? 'pending' : 'fail'}`}
          >
            {t(`agreements.waiverStatus.${waiver.status}`)}
          </span>{' '}
          {componentName(waiver.component, t)} <MoneyText amount={waiver.amount} currency={waiver.currency} />{' '}
          <span className="muted small">
            · {waiver.reason} · {waiver.requestedBy}
          </span>
          {waiver.status === 'pending' && (
            <span className="agr-row-actions">
              <button
                type="button"
                className="button"
                data-testid="waiver-approve"
                disabled={busy}
                onClick={() => onDecide(waiver, 'approve')}
              >
                {t('agreements.waiver.approve')}
              </button>
              {rejecting === waiver.id ? (
                <ReasonForm
                  label={t('agreements.col.reason')}
                  submitLabel={t('agreements.waiver.reject')}
                  busy={busy}
                  testId="waiver-reject"
                  onSubmit={(reason) => onDecide(waiver, 'reject', reason)}
                />
              ) : (
                <button type="button" className="button button-link" onClick={() => setRejecting(waiver.id)}>
                  {t('agreements.waiver.reject')}
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** C17, D7, D8, D9, D12 on the case: its tasks, promises to pay, plans, disputes and waivers. */
export function CaseAgreements({ caseId, asOf, onChanged }: Props) {
  const t = useT();
  const agreements = useApi<CaseAgreementsDto>(caseAgreementsPath(caseId));
  const tasks = useApi<{ items: CaseTask[] }>(caseTasksPath(caseId));
  const [form, setForm] = useState<OpenForm>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const command = useCommand();

  const reloadAgreements = agreements.reload;
  const reloadTasks = tasks.reload;
  const changed = useCallback(() => {
    reloadAgreements();
    reloadTasks();
    onChanged();
  }, [reloadAgreements, reloadTasks, onChanged]);

  const done = (message: string) => {
    setForm(null);
    setNotice(message);
    changed();
  };
  const open = (next: OpenForm) => {
    setNotice(null);
    setForm(next);
  };

  const cancelPromise = async (promise: PromiseDto, reason: string) => {
    if (await command.run('cancel', `/promises/${enc(promise.id)}/cancel`, { reason })) changed();
  };
  const decideWaiver = async (waiver: WaiverDto, decision: 'approve' | 'reject', reason?: string) => {
    const body = decision === 'approve' ? {} : { reason };
    if (await command.run(decision, `/waivers/${enc(waiver.id)}/${decision}`, body)) changed();
  };

  const data = agreements.data;
  const openTasks = tasks.data?.items ?? [];

  return (
    <section
      className="card case-agreements"
      data-testid="case-agreements"
      aria-labelledby="case-agreements-title"
    >
      <div className="card-header">
        <h2 id="case-agreements-title">{t('agreements.case.title')}</h2>
        {data && (
          <div className="agr-actions">
            <button
              type="button"
              className="button"
              data-testid="agreements-new-promise"
              onClick={() => open({ kind: 'promise', task: null })}
            >
              {t('agreements.case.newPromise')}
            </button>
            <Link to={planBuilderHref(caseId)} className="button" data-testid="agreements-new-plan">
              {t('agreements.case.newPlan')}
            </Link>
            <button
              type="button"
              className="button"
              data-testid="agreements-new-dispute"
              onClick={() => open({ kind: 'dispute' })}
            >
              {t('agreements.case.newDispute')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="agreements-new-waiver"
              onClick={() => open({ kind: 'waiver' })}
            >
              {t('agreements.case.newWaiver')}
            </button>
          </div>
        )}
      </div>

      {agreements.status === 'error' && <ErrorState error={agreements.error} onRetry={agreements.reload} />}
      {!data && agreements.status === 'loading' && <Loading />}

      <h3>{t('agreements.case.tasks')}</h3>
      {tasks.status === 'error' && <ErrorState error={tasks.error} onRetry={tasks.reload} />}
      {tasks.data && <TasksList tasks={openTasks} onPromise={(task) => open({ kind: 'promise', task })} />}

      {notice && (
        <p className="form-success" role="status" data-testid="agreements-notice">
          {notice}
        </p>
      )}
      {data && form?.kind === 'promise' && (
        <PromiseForm
          key={form.task?.id ?? 'case'}
          caseId={caseId}
          agreements={data}
          task={form.task}
          asOf={asOf}
          onDone={done}
          onCancel={() => setForm(null)}
        />
      )}
      {data && form?.kind === 'dispute' && (
        <DisputeForm caseId={caseId} agreements={data} onDone={done} onCancel={() => setForm(null)} />
      )}
      {data && form?.kind === 'waiver' && (
        <WaiverForm caseId={caseId} agreements={data} onDone={done} onCancel={() => setForm(null)} />
      )}
      {command.error && <CommandError error={command.error.error} />}

      {data && (
        <>
          <h3>{t('agreements.case.promises')}</h3>
          {data.promises.length === 0 ? (
            <p className="muted small">{t('agreements.case.noPromises')}</p>
          ) : (
            <PromisesTable
              promises={data.promises}
              busy={command.busy !== null}
              onCancel={(promise, reason) => void cancelPromise(promise, reason)}
            />
          )}

          <h3>{t('agreements.case.plans')}</h3>
          {data.plans.length === 0 ? (
            <p className="muted small">{t('agreements.case.noPlans')}</p>
          ) : (
            <PlansTable plans={data.plans} />
          )}

          <h3>{t('agreements.case.disputes')}</h3>
          {data.disputes.length === 0 ? (
            <p className="muted small">{t('agreements.case.noDisputes')}</p>
          ) : (
            <DisputesTable disputes={data.disputes} />
          )}

          {data.waivers.length > 0 && (
            <>
              <h3>{t('agreements.case.waivers')}</h3>
              <WaiversList
                waivers={data.waivers}
                busy={command.busy !== null}
                onDecide={(waiver, decision, reason) => void decideWaiver(waiver, decision, reason)}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
