import type { CaseDetail } from '@quittance/api-contract';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { currencyDecimals } from '../lib/amount-input';
import { ErrorState, Loading } from '../ui/states';
import { useDebouncedValue } from '../ui/use-debounced-value';
import { useDocumentTitle } from '../ui/use-document-title';
import { periodicityName, problemText } from './agreements.labels';
import {
  caseAgreementsPath,
  caseHref,
  PERIODICITIES,
  planHref,
  type CaseAgreements,
  type Periodicity,
  type PlanPreview,
  type ProposePlanResult,
} from './agreements.types';
import { CommandError, Field, MoneyText } from './agreements-ui';
import { MandateForm } from './mandate-form';
import { initialPlanForm, outstandingOf, planRequest, type PlanField, type PlanForm } from './plan-model';
import { useCommand } from './use-command';

const enc = encodeURIComponent;

type PreviewState =
  { key: string; status: 'ok'; preview: PlanPreview } | { key: string; status: 'error'; error: unknown };

/** Posts the preview of `requestKey` (a JSON request) once it has settled; stale answers are dropped. */
function usePreview(caseId: string, requestKey: string | null): PreviewState | null {
  const debounced = useDebouncedValue(requestKey, 350);
  const [state, setState] = useState<PreviewState | null>(null);
  useEffect(() => {
    if (debounced === null) return;
    let current = true;
    apiPost<PlanPreview>(`/cases/${enc(caseId)}/payment-plans/preview`, JSON.parse(debounced)).then(
      (preview) => {
        if (current) setState({ key: debounced, status: 'ok', preview });
      },
      (error: unknown) => {
        if (current) setState({ key: debounced, status: 'error', error });
      },
    );
    return () => {
      current = false;
    };
  }, [caseId, debounced]);
  return state;
}

function SchedulePreview({ preview, stale }: { preview: PlanPreview; stale: boolean }) {
  const t = useT();
  const fmt = useFormat();
  const { currency, schedule } = preview;
  return (
    <div className={stale ? 'stale' : undefined} data-testid="plan-preview" data-stale={stale}>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th className="num">{t('agreements.col.number')}</th>
              <th>{t('agreements.col.kind')}</th>
              <th>{t('agreements.col.dueDate')}</th>
              <th className="num">{t('agreements.col.principal')}</th>
              <th className="num">{t('agreements.col.interest')}</th>
              <th className="num">{t('agreements.col.fee')}</th>
              <th className="num">{t('agreements.col.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {schedule.installments.map((line) => (
              <tr
                key={line.number}
                data-testid="preview-line"
                data-kind={line.kind}
                data-due={line.dueDate}
                data-amount={line.amount}
              >
                <td className="num">{line.number}</td>
                <td>{t(`agreements.kind.${line.kind}`)}</td>
                <td className="nowrap">{fmt.date(line.dueDate)}</td>
                <td className="num">
                  <MoneyText amount={line.principal} currency={currency} />
                </td>
                <td className="num">
                  <MoneyText amount={line.interest} currency={currency} />
                </td>
                <td className="num">
                  <MoneyText amount={line.fee} currency={currency} />
                </td>
                <td className="num">
                  <MoneyText amount={line.amount} currency={currency} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={3}>{t('agreements.builder.total')}</th>
              <td className="num">
                <MoneyText amount={schedule.principal} currency={currency} />
              </td>
              <td className="num">
                <MoneyText amount={schedule.interest} currency={currency} />
              </td>
              <td className="num">
                <MoneyText amount={schedule.fees} currency={currency} />
              </td>
              <td className="num" data-testid="preview-total" data-amount={schedule.total}>
                <strong>
                  <MoneyText amount={schedule.total} currency={currency} />
                </strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <dl className="kpis">
        <div className="kpi">
          <dt>{t('agreements.builder.covered')}</dt>
          <dd className="kpi-amount" data-testid="preview-covered" data-amount={preview.covered}>
            <MoneyText amount={preview.covered} currency={currency} />
          </dd>
        </div>
      </dl>
      <p
        className={preview.approval.required ? 'agr-notice agr-notice-warning' : 'agr-notice'}
        role="status"
        data-testid="approval-notice"
        data-required={preview.approval.required}
      >
        {preview.approval.required
          ? preview.approval.reason
            ? t('agreements.builder.approvalRequired', { reason: preview.approval.reason })
            : t('agreements.builder.approvalRequiredNoReason')
          : t('agreements.builder.noApproval')}
      </p>
    </div>
  );
}

function PlanBuilder({
  detail,
  agreements,
  onMandateAdded,
}: {
  detail: CaseDetail;
  agreements: CaseAgreements;
  onMandateAdded: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  const { currency, openItems } = agreements;
  const [form, setForm] = useState<PlanForm>(() => initialPlanForm(detail.asOf));
  const [mandateId, setMandateId] = useState('');
  const [proposed, setProposed] = useState<ProposePlanResult | null>(null);
  const command = useCommand();
  const checked = useMemo(() => planRequest(form, currencyDecimals(currency)), [form, currency]);
  const requestKey = checked.ok ? JSON.stringify(checked.request) : null;
  const preview = usePreview(detail.id, proposed ? null : requestKey);
  const problems: Partial<Record<PlanField, string>> = {};
  if (!checked.ok) {
    for (const [field, problem] of Object.entries(checked.problems)) {
      problems[field as PlanField] = problemText(problem, t);
    }
  }
  const activeMandates = agreements.mandates.filter((m) => m.status === 'active');
  const set = <K extends keyof PlanForm>(key: K, value: PlanForm[K]) => setForm({ ...form, [key]: value });

  const toggleItem = (itemId: string, on: boolean) =>
    set('itemIds', on ? [...form.itemIds, itemId] : form.itemIds.filter((id) => id !== itemId));

  const propose = async () => {
    if (!checked.ok) return;
    const body = { ...checked.request, origin: 'collector', ...(mandateId ? { mandateId } : {}) };
    const result = await command.run<ProposePlanResult>(
      'propose',
      `/cases/${enc(detail.id)}/payment-plans`,
      body,
    );
    if (result?.data) setProposed(result.data);
  };

  const fresh = preview !== null && preview.key === requestKey;
  const previewError = preview?.status === 'error' && fresh ? preview.error : null;

  return (
    <div className="agr-builder" data-testid="plan-builder">
      <div className="agr-builder-form card">
        <fieldset className="agr-items" disabled={proposed !== null}>
          <legend className="field-label">{t('agreements.builder.items')}</legend>
          {openItems.length === 0 && <p className="muted small">{t('agreements.builder.noOpenItems')}</p>}
          {openItems.map((item) => (
            <label key={item.itemId} className="check">
              <input
                type="checkbox"
                data-testid="plan-item"
                data-item={item.number}
                checked={form.itemIds.includes(item.itemId)}
                onChange={(event) => toggleItem(item.itemId, event.target.checked)}
              />
              <span className="mono">{item.number}</span>
              <span className="small muted">
                {fmt.date(item.dueDate)} · {fmt.money({ amount: item.outstanding, currency })}
              </span>
            </label>
          ))}
          <p className="small muted">
            {form.itemIds.length > 1
              ? t('agreements.builder.restructuring', { count: form.itemIds.length })
              : t('agreements.builder.itemsHint')}{' '}
            · <MoneyText amount={outstandingOf(openItems, form.itemIds)} currency={currency} />
          </p>
          <label className="check">
            <input
              type="checkbox"
              data-testid="plan-include-charges"
              checked={form.includeCharges}
              onChange={(event) => set('includeCharges', event.target.checked)}
            />
            {t('agreements.builder.includeCharges')}
          </label>
        </fieldset>

        <fieldset className="agr-form-grid" disabled={proposed !== null}>
          <legend className="field-label">{t('agreements.builder.terms')}</legend>
          <Field label={t('agreements.builder.installments')} problem={problems.installments}>
            <input
              type="number"
              min={1}
              max={120}
              data-testid="plan-installments"
              value={form.installments}
              onChange={(event) => set('installments', event.target.value)}
            />
          </Field>
          <Field label={t('agreements.builder.periodicity')}>
            <select
              data-testid="plan-periodicity"
              value={form.periodicity}
              onChange={(event) => set('periodicity', event.target.value as Periodicity)}
            >
              {PERIODICITIES.map((p) => (
                <option key={p} value={p}>
                  {periodicityName(p, t)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('agreements.builder.firstDate')} problem={problems.firstDate}>
            <input
              type="date"
              data-testid="plan-first-date"
              value={form.firstDate}
              onChange={(event) => set('firstDate', event.target.value)}
            />
          </Field>
          <Field
            label={`${t('agreements.builder.downPayment')} (${currency})`}
            optional
            problem={problems.downPayment}
          >
            <input
              type="text"
              inputMode="decimal"
              data-testid="plan-down-payment"
              value={form.downPayment}
              onChange={(event) => set('downPayment', event.target.value)}
            />
          </Field>
          <Field label={t('agreements.builder.downPaymentDate')} optional problem={problems.downPaymentDate}>
            <input
              type="date"
              data-testid="plan-down-payment-date"
              value={form.downPaymentDate}
              onChange={(event) => set('downPaymentDate', event.target.value)}
            />
          </Field>
          <Field label={t('agreements.builder.annualRate')} optional problem={problems.annualRate}>
            <input
              type="text"
              inputMode="decimal"
              data-testid="plan-rate"
              value={form.annualRate}
              onChange={(event) => set('annualRate', event.target.value)}
            />
          </Field>
          <Field label={`${t('agreements.builder.fee')} (${currency})`} optional problem={problems.fee}>
            <input
              type="text"
              inputMode="decimal"
              data-testid="plan-fee"
              value={form.fee}
              onChange={(event) => set('fee', event.target.value)}
            />
          </Field>
          <Field label={t('agreements.builder.graceDays')} optional problem={problems.graceDays}>
            <input
              type="number"
              min={0}
              max={365}
              data-testid="plan-grace"
              value={form.graceDays}
              onChange={(event) => set('graceDays', event.target.value)}
            />
          </Field>
          <label className="check agr-wide">
            <input
              type="checkbox"
              data-testid="plan-accelerate"
              checked={form.accelerateOnBreach}
              onChange={(event) => set('accelerateOnBreach', event.target.checked)}
            />
            {t('agreements.builder.accelerate')}
          </label>
          <Field label={t('agreements.builder.mandate')}>
            <select
              data-testid="plan-mandate"
              value={mandateId}
              onChange={(event) => setMandateId(event.target.value)}
            >
              <option value="">{t('agreements.builder.noMandate')}</option>
              {activeMandates.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.reference} · {m.iban}
                </option>
              ))}
            </select>
          </Field>
        </fieldset>
        {!proposed && (
          <details className="agr-mandate">
            <summary data-testid="mandate-add">{t('agreements.mandate.add')}</summary>
            <MandateForm caseId={detail.id} asOf={detail.asOf} onAdded={onMandateAdded} />
          </details>
        )}
      </div>

      <section className="agr-builder-preview card" aria-labelledby="plan-preview-title">
        <h2 id="plan-preview-title">{t('agreements.builder.preview')}</h2>
        {!checked.ok && <p className="muted">{t('agreements.builder.fixForm')}</p>}
        {checked.ok && !preview && <Loading />}
        {checked.ok && previewError !== null && <CommandError error={previewError} testId="preview-error" />}
        {checked.ok && preview?.status === 'ok' && (
          <SchedulePreview preview={preview.preview} stale={!fresh} />
        )}
        {checked.ok && preview && !fresh && (
          <p className="small muted" role="status">
            {t('agreements.builder.previewing')}
          </p>
        )}

        {command.error && <CommandError error={command.error.error} />}
        {proposed ? (
          <p
            className="form-success"
            role="status"
            data-testid="plan-proposed"
            data-status={proposed.status}
            data-approval={proposed.approval.required}
          >
            {t(proposed.status === 'active' ? 'agreements.builder.active' : 'agreements.builder.proposed')}{' '}
            <Link to={planHref(proposed.planId)} data-testid="plan-proposed-link">
              {t('agreements.builder.viewPlan')}
            </Link>{' '}
            · <Link to={caseHref(detail.id)}>{t('agreements.builder.back')}</Link>
          </p>
        ) : (
          <button
            type="button"
            className="button button-primary"
            data-testid="plan-propose"
            onClick={() => void propose()}
            disabled={!checked.ok || command.busy !== null || previewError !== null}
          >
            {t('agreements.builder.propose')}
          </button>
        )}
      </section>
    </div>
  );
}

/** C17, D8: build a payment plan on a case with its schedule previewed live, and propose it. */
export function PlanBuilderPage() {
  const t = useT();
  const { id = '' } = useParams();
  const detail = useApi<CaseDetail>(`/cases/${enc(id)}`);
  const agreements = useApi<CaseAgreements>(caseAgreementsPath(id));
  useDocumentTitle(detail.data ? t('agreements.builder.title', { number: detail.data.number }) : null);
  const failed = detail.status === 'error' ? detail : agreements.status === 'error' ? agreements : null;
  return (
    <section className="page agr-page">
      <nav className="breadcrumbs">
        <Link to={caseHref(id)}>← {t('agreements.builder.back')}</Link>
      </nav>
      {detail.data && <h1>{t('agreements.builder.title', { number: detail.data.number })}</h1>}
      {failed && <ErrorState error={failed.error} onRetry={failed.reload} />}
      {!failed && (!detail.data || !agreements.data) && <Loading />}
      {detail.data && agreements.data && (
        <PlanBuilder detail={detail.data} agreements={agreements.data} onMandateAdded={agreements.reload} />
      )}
    </section>
  );
}
