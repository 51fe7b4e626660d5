import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { debitStatusName, periodicityName, planStatusName } from './agreements.labels';
import { caseHref, PLAN_STATUSES, PLANS_HREF, planHref, queryString, type PlanDto } from './agreements.types';
import { CommandError, MoneyText, Progress, ReasonForm, StatusBadge } from './agreements-ui';
import { installmentProgress, sortPlans } from './plan-model';
import { useCommand } from './use-command';

const enc = encodeURIComponent;

/** Approve or reject a proposed plan; cancel a running one. Four-eyes refusals are said in words. */
function PlanActions({ plan, onChanged }: { plan: PlanDto; onChanged: () => void }) {
  const t = useT();
  const command = useCommand();
  const [asking, setAsking] = useState<'reject' | 'cancel' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const decide = async (action: 'approve' | 'reject' | 'cancel', body: object, message: string) => {
    if (await command.run(action, `/payment-plans/${enc(plan.id)}/${action}`, body)) {
      setAsking(null);
      setDone(message);
      onChanged();
    }
  };
  const busy = command.busy !== null;
  return (
    <div className="agr-row-actions" data-testid="plan-actions">
      {plan.status === 'proposed' && (
        <>
          <button
            type="button"
            className="button button-primary"
            data-testid="plan-approve"
            disabled={busy}
            onClick={() => void decide('approve', {}, t('agreements.plans.approved'))}
          >
            {t('agreements.plans.approve')}
          </button>
          <button
            type="button"
            className="button"
            data-testid="plan-reject-open"
            disabled={busy}
            onClick={() => setAsking('reject')}
          >
            {t('agreements.plans.reject')}
          </button>
        </>
      )}
      {(plan.status === 'active' || plan.status === 'breached') && (
        <button
          type="button"
          className="button button-link"
          data-testid="plan-cancel-open"
          disabled={busy}
          onClick={() => setAsking('cancel')}
        >
          {t('agreements.plans.cancel')}
        </button>
      )}
      {asking === 'reject' && (
        <ReasonForm
          label={t('agreements.plans.rejectReason')}
          submitLabel={t('agreements.plans.reject')}
          busy={busy}
          testId="plan-reject"
          onSubmit={(reason) => void decide('reject', { reason }, t('agreements.plans.rejected'))}
        />
      )}
      {asking === 'cancel' && (
        <ReasonForm
          label={t('agreements.plans.cancelReason')}
          submitLabel={t('agreements.plans.cancel')}
          busy={busy}
          testId="plan-cancel"
          onSubmit={(reason) => void decide('cancel', { reason }, t('agreements.plans.cancelled'))}
        />
      )}
      {command.error && <CommandError error={command.error.error} testId="plan-error" />}
      {done && !command.error && (
        <span className="form-success small" role="status" data-testid="plan-done">
          {done}
        </span>
      )}
    </div>
  );
}

function NextInstallment({ plan }: { plan: PlanDto }) {
  const t = useT();
  const fmt = useFormat();
  const next = plan.nextInstallment;
  if (!next) return <>{t('agreements.none')}</>;
  return (
    <>
      {t('agreements.case.nextOn', {
        amount: fmt.money({ amount: next.amount, currency: plan.currency }),
        date: fmt.date(next.dueDate),
      })}{' '}
      {next.state !== 'upcoming' && <StatusBadge kind="installment" status={next.state} />}
    </>
  );
}

/** D8: every plan, the ones waiting for a manager first, with their decision buttons. */
export function PlansPage() {
  const t = useT();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const plans = useApi<{ items: PlanDto[] }>(`/payment-plans${queryString({ status })}`, {
    keepPrevious: true,
  });
  const rows = sortPlans(plans.data?.items ?? []);
  return (
    <div className="agr-section" data-testid="plans-page">
      <div className="page-header">
        <h1>{t('agreements.plans.title')}</h1>
      </div>
      <div className="filters">
        <label className="field">
          <span className="field-label">{t('agreements.plans.status')}</span>
          <select
            data-testid="plans-status"
            value={status}
            onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}
          >
            <option value="">{t('agreements.all')}</option>
            {PLAN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {planStatusName(s, t)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {plans.status === 'error' && <ErrorState error={plans.error} onRetry={plans.reload} />}
      {!plans.data && plans.status === 'loading' && <Loading />}
      {plans.data && rows.length === 0 && <EmptyState>{t('agreements.plans.empty')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="plans">
            <thead>
              <tr>
                <th>{t('agreements.col.case')}</th>
                <th>{t('agreements.col.status')}</th>
                <th className="num">{t('agreements.col.total')}</th>
                <th className="num">{t('agreements.col.remaining')}</th>
                <th>{t('agreements.col.next')}</th>
                <th>{t('agreements.col.progress')}</th>
                <th>{t('agreements.col.proposedBy')}</th>
                <th>{t('agreements.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((plan) => {
                const progress = installmentProgress(plan.installments);
                return (
                  <tr
                    key={plan.id}
                    data-testid="plan-row"
                    data-plan-id={plan.id}
                    data-case={plan.caseNumber}
                    data-status={plan.status}
                  >
                    <td>
                      <Link to={planHref(plan.id)} className="mono" data-testid="plan-link">
                        {plan.caseNumber}
                      </Link>
                      {plan.customer && <div className="small muted">{plan.customer}</div>}
                    </td>
                    <td>
                      <StatusBadge kind="plan" status={plan.status} />
                      {plan.status === 'proposed' && plan.approval.required && (
                        <div className="small muted">{t('agreements.plans.needsApproval')}</div>
                      )}
                    </td>
                    <td className="num">
                      <MoneyText amount={plan.total} currency={plan.currency} />
                    </td>
                    <td className="num">
                      <MoneyText amount={plan.remaining} currency={plan.currency} />
                    </td>
                    <td className="nowrap">
                      <NextInstallment plan={plan} />
                    </td>
                    <td>
                      <Progress paid={plan.paid} total={plan.total} currency={plan.currency} />
                      <div className="small muted">
                        {t('agreements.case.installmentsPaid', { paid: progress.paid, of: progress.of })}
                      </div>
                    </td>
                    <td className="small">
                      {plan.proposedBy}
                      <div className="muted">{fmt.date(plan.proposedOn)}</div>
                    </td>
                    <td>
                      <PlanActions plan={plan} onChanged={plans.reload} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** One plan: its terms, who proposed and approved it, the installments and their direct debits. */
export function PlanPage() {
  const t = useT();
  const fmt = useFormat();
  const { id = '' } = useParams();
  const plan = useApi<PlanDto>(`/payment-plans/${enc(id)}`);
  const data = plan.data;
  useDocumentTitle(data ? t('agreements.plans.detail', { number: data.caseNumber }) : null);
  return (
    <div className="agr-section" data-testid="plan-page">
      <nav className="breadcrumbs">
        <Link to={PLANS_HREF}>← {t('agreements.plans.back')}</Link>
      </nav>
      {plan.status === 'error' && <ErrorState error={plan.error} onRetry={plan.reload} />}
      {!data && plan.status === 'loading' && <Loading />}
      {data && (
        <>
          <div className="page-header">
            <h1>
              <Link to={caseHref(data.caseId)}>
                {t('agreements.plans.detail', { number: data.caseNumber })}
              </Link>
            </h1>
            <span data-testid="plan-detail-status" data-status={data.status}>
              <StatusBadge kind="plan" status={data.status} />
            </span>
          </div>
          <div className="card agr-plan-summary">
            <p>
              {t('agreements.plans.terms', {
                count: data.terms.installments,
                periodicity: periodicityName(data.terms.periodicity, t).toLowerCase(),
                date: fmt.date(data.terms.firstDate),
              })}
              {data.terms.annualRate &&
                ` · ${t('agreements.plans.rate', { rate: fmt.percent(data.terms.annualRate) })}`}
              {data.terms.graceDays !== undefined &&
                ` · ${t('agreements.plans.graceDays', { days: data.terms.graceDays })}`}
              {data.terms.accelerateOnBreach && ` · ${t('agreements.plans.accelerate')}`}
            </p>
            <p className="small muted">
              {t('agreements.plans.proposedOn', { who: data.proposedBy, date: fmt.date(data.proposedOn) })} (
              {t(`agreements.plans.origin.${data.origin}`)})
              {data.approvedBy &&
                data.approvedOn &&
                ` · ${t('agreements.plans.approvedOn', { who: data.approvedBy, date: fmt.date(data.approvedOn) })}`}
            </p>
            {data.status === 'proposed' && data.approval.required && (
              <p className="agr-notice agr-notice-warning" data-testid="plan-approval">
                {data.approval.reason
                  ? t('agreements.builder.approvalRequired', { reason: data.approval.reason })
                  : t('agreements.builder.approvalRequiredNoReason')}
              </p>
            )}
            {data.breach && (
              <p className="form-error" data-testid="plan-breach">
                {t('agreements.plans.breach', { date: fmt.date(data.breach.on), reason: data.breach.reason })}
              </p>
            )}
            {data.endedReason && (
              <p className="muted">{t('agreements.plans.ended', { reason: data.endedReason })}</p>
            )}
            <dl className="kpis">
              <div className="kpi">
                <dt>{t('agreements.col.total')}</dt>
                <dd className="kpi-amount">
                  <MoneyText amount={data.total} currency={data.currency} />
                </dd>
              </div>
              <div className="kpi">
                <dt>{t('agreements.col.paid')}</dt>
                <dd className="kpi-amount">
                  <MoneyText amount={data.paid} currency={data.currency} />
                </dd>
              </div>
              <div className="kpi">
                <dt>{t('agreements.col.remaining')}</dt>
                <dd className="kpi-amount">
                  <MoneyText amount={data.remaining} currency={data.currency} />
                </dd>
              </div>
              <div className="kpi">
                <dt>{t('agreements.col.invoices')}</dt>
                <dd className="mono">{data.invoices.join(', ')}</dd>
              </div>
            </dl>
            <PlanActions plan={data} onChanged={plan.reload} />
          </div>

          <div className="card">
            <h2>{t('agreements.mandate.title')}</h2>
            {data.mandate ? (
              <p data-testid="plan-mandate">
                <span className="mono">{data.mandate.reference}</span> · {data.mandate.debtorName} ·{' '}
                <span className="mono">{data.mandate.iban}</span>
                {data.mandate.bic && <span className="mono"> · {data.mandate.bic}</span>} ·{' '}
                {t(
                  data.mandate.status === 'active'
                    ? 'agreements.mandate.active'
                    : 'agreements.mandate.revoked',
                )}{' '}
                ·{' '}
                <span className="muted">
                  {t('agreements.mandate.collections', { count: data.mandate.collections })}
                </span>
              </p>
            ) : (
              <p className="muted">{t('agreements.plans.noMandate')}</p>
            )}
          </div>

          <div className="card">
            <h2>{t('agreements.plans.installments')}</h2>
            <div className="table-wrap">
              <table className="table" data-testid="plan-installments">
                <thead>
                  <tr>
                    <th className="num">{t('agreements.col.number')}</th>
                    <th>{t('agreements.col.dueDate')}</th>
                    <th className="num">{t('agreements.col.principal')}</th>
                    <th className="num">{t('agreements.col.interest')}</th>
                    <th className="num">{t('agreements.col.fee')}</th>
                    <th className="num">{t('agreements.col.amount')}</th>
                    <th className="num">{t('agreements.col.paid')}</th>
                    <th>{t('agreements.col.state')}</th>
                    <th>{t('agreements.col.directDebit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.installments.map((line) => (
                    <tr
                      key={line.number}
                      data-testid="plan-installment"
                      data-state={line.state}
                      data-amount={line.amount}
                    >
                      <td className="num">
                        {line.number}
                        {line.kind === 'down_payment' && (
                          <span className="small muted"> {t('agreements.kind.down_payment')}</span>
                        )}
                      </td>
                      <td className="nowrap">{fmt.date(line.dueDate)}</td>
                      <td className="num">
                        <MoneyText amount={line.principal} currency={data.currency} />
                      </td>
                      <td className="num">
                        <MoneyText amount={line.interest} currency={data.currency} />
                      </td>
                      <td className="num">
                        <MoneyText amount={line.fee} currency={data.currency} />
                      </td>
                      <td className="num">
                        <MoneyText amount={line.amount} currency={data.currency} />
                      </td>
                      <td className="num">
                        <MoneyText amount={line.paid} currency={data.currency} />
                      </td>
                      <td>
                        <StatusBadge kind="installment" status={line.state} />
                        {line.daysLate > 0 && (
                          <span className="small muted">
                            {' '}
                            {t('agreements.plans.daysLate', { days: line.daysLate })}
                          </span>
                        )}
                      </td>
                      <td className="small">
                        {line.directDebit ? (
                          <span data-testid="installment-debit" data-status={line.directDebit.status}>
                            {debitStatusName(line.directDebit.status, t)}{' '}
                            <span className="mono muted">{line.directDebit.endToEndId}</span>
                            {line.directDebit.returnReason && (
                              <span className="form-error">
                                {' '}
                                {t('agreements.plans.returned', { reason: line.directDebit.returnReason })}
                              </span>
                            )}
                          </span>
                        ) : (
                          t('agreements.none')
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
