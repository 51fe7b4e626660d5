import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiPut } from '../api/client';
import { useApi } from '../api/use-api';
import { formatNumber } from '../dunning/dunning.labels';
import { useFormat, useI18n, useT } from '../i18n/i18n-context';
import { currencyDecimals } from '../lib/amount-input';
import { EmptyState, ErrorState, errorMessage, Loading } from '../ui/states';
import { disputeStatusName } from './agreements.labels';
import {
  caseHref,
  DISPUTE_FILTERS,
  queryString,
  type DisputeDto,
  type DisputeFilter,
  type DisputeList,
  type DisputeSettings,
  type DisputeStats,
  type Settlement,
} from './agreements.types';
import { CommandError, Field, MoneyText, StatusBadge } from './agreements-ui';
import { resolveRequest } from './case-forms-model';
import { useCommand } from './use-command';

const enc = encodeURIComponent;

function filterName(filter: DisputeFilter, t: ReturnType<typeof useT>): string {
  if (filter === 'active') return t('agreements.disputeFilter.active');
  if (filter === 'all') return t('agreements.disputeFilter.all');
  return disputeStatusName(filter, t);
}

function Stats({ stats, currency }: { stats: DisputeStats; currency: string | null }) {
  const t = useT();
  const { locale } = useI18n();
  const days = (value: number | null) =>
    value === null ? t('agreements.none') : t('agreements.days', { days: formatNumber(value, locale, 1) });
  const figures: [string, string, string][] = [
    ['open', t('agreements.disputes.open'), String(stats.open)],
    ['under-review', t('agreements.disputes.underReview'), String(stats.underReview)],
    ['overdue', t('agreements.disputes.overdue'), String(stats.overdue)],
    ['resolved', t('agreements.disputes.resolved'), String(stats.resolved)],
    ['average', t('agreements.disputes.average'), days(stats.averageResolutionDays)],
    ['median', t('agreements.disputes.median'), days(stats.medianResolutionDays)],
  ];
  return (
    <section className="card" aria-labelledby="dispute-stats-title">
      <h2 id="dispute-stats-title">{t('agreements.disputes.stats')}</h2>
      <dl className="kpis" data-testid="dispute-stats">
        {figures.map(([key, label, value]) => (
          <div key={key} className={key === 'overdue' && stats.overdue > 0 ? 'kpi agr-kpi-alert' : 'kpi'}>
            <dt>{label}</dt>
            <dd className="kpi-amount" data-testid={`dispute-stat-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {stats.byReason.length > 0 && (
        <>
          <h3 className="agr-subtitle">{t('agreements.disputes.byReason')}</h3>
          <div className="table-wrap">
            <table className="table" data-testid="dispute-by-reason">
              <thead>
                <tr>
                  <th>{t('agreements.col.reason')}</th>
                  <th className="num">{t('agreements.disputes.count')}</th>
                  <th className="num">{t('agreements.disputes.stillOpen')}</th>
                  <th className="num">{t('agreements.col.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {stats.byReason.map((row) => (
                  <tr key={row.reasonCode} data-reason={row.reasonCode}>
                    <td>{row.label}</td>
                    <td className="num">{row.count}</td>
                    <td className="num">{row.open}</td>
                    <td className="num">
                      {currency ? <MoneyText amount={row.amount} currency={currency} /> : row.amount}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function ReviewForm({ dispute, onDone }: { dispute: DisputeDto; onDone: (message: string) => void }) {
  const t = useT();
  const [owner, setOwner] = useState(dispute.owner ?? '');
  const [comment, setComment] = useState('');
  const command = useCommand();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = {
      ...(owner.trim() ? { owner: owner.trim() } : {}),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    };
    if (await command.run('review', `/disputes/${enc(dispute.id)}/review`, body))
      onDone(t('agreements.disputes.reviewed'));
  };
  return (
    <form
      className="agr-inline-form"
      data-testid="dispute-review-form"
      onSubmit={(event) => void submit(event)}
    >
      <Field label={t('agreements.dispute.owner')} optional>
        <input
          type="text"
          data-testid="dispute-review-owner"
          value={owner}
          onChange={(event) => setOwner(event.target.value)}
        />
      </Field>
      <Field label={t('agreements.disputes.reviewComment')} optional grow>
        <input
          type="text"
          maxLength={1000}
          data-testid="dispute-review-comment"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </Field>
      <button
        type="submit"
        className="button"
        data-testid="dispute-review-submit"
        disabled={command.busy !== null}
      >
        {t('agreements.disputes.startReview')}
      </button>
      {command.error && <CommandError error={command.error.error} />}
    </form>
  );
}

function ResolveForm({ dispute, onDone }: { dispute: DisputeDto; onDone: (message: string) => void }) {
  const t = useT();
  const [outcome, setOutcome] = useState<'accepted' | 'rejected'>('accepted');
  const [settlement, setSettlement] = useState<Settlement>('credit_note');
  const [amount, setAmount] = useState(dispute.amount);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const command = useCommand();
  const checked = resolveRequest(
    { outcome, settlement, amount, comment },
    currencyDecimals(dispute.currency),
  );
  const problems = tried && !checked.ok ? checked.problems : {};

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) return;
    const result = await command.run<{ pendingApproval?: boolean } | null>(
      'resolve',
      `/disputes/${enc(dispute.id)}/resolve`,
      checked.request,
    );
    if (result) {
      onDone(
        t(
          result.data?.pendingApproval
            ? 'agreements.disputes.pendingApproval'
            : 'agreements.disputes.resolvedDone',
        ),
      );
    }
  };
  return (
    <form
      className="agr-form agr-resolve"
      data-testid="dispute-resolve-form"
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <fieldset className="agr-radios">
        <legend className="field-label">{t('agreements.disputes.outcome')}</legend>
        <label className="check">
          <input
            type="radio"
            name={`outcome-${dispute.id}`}
            data-testid="dispute-accept"
            checked={outcome === 'accepted'}
            onChange={() => setOutcome('accepted')}
          />
          {t('agreements.disputes.accept')}
        </label>
        <label className="check">
          <input
            type="radio"
            name={`outcome-${dispute.id}`}
            data-testid="dispute-reject"
            checked={outcome === 'rejected'}
            onChange={() => setOutcome('rejected')}
          />
          {t('agreements.disputes.rejectOutcome')}
        </label>
      </fieldset>
      {outcome === 'accepted' && (
        <div className="agr-form-grid">
          <Field label={t('agreements.disputes.settlement')}>
            <select
              data-testid="dispute-settlement"
              value={settlement}
              onChange={(event) => setSettlement(event.target.value as Settlement)}
            >
              <option value="credit_note">{t('agreements.settlement.credit_note')}</option>
              <option value="write_off">{t('agreements.settlement.write_off')}</option>
            </select>
          </Field>
          <Field
            label={`${t('agreements.disputes.settledAmount')} (${dispute.currency})`}
            optional
            problem={problems.amount ? t(`agreements.problem.${problems.amount}`) : null}
          >
            <input
              type="text"
              inputMode="decimal"
              data-testid="dispute-settled-amount"
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </Field>
        </div>
      )}
      <Field
        label={t('agreements.disputes.comment')}
        problem={problems.comment ? t(`agreements.problem.${problems.comment}`) : null}
      >
        <input
          type="text"
          maxLength={2000}
          data-testid="dispute-comment"
          value={comment}
          onChange={(event) => setComment(event.target.value)}
        />
      </Field>
      {command.error && <CommandError error={command.error.error} />}
      <button
        type="submit"
        className="button button-primary"
        data-testid="dispute-resolve-submit"
        disabled={command.busy !== null}
      >
        {t('agreements.disputes.submitResolve')}
      </button>
    </form>
  );
}

function DisputeRow({ dispute, onChanged }: { dispute: DisputeDto; onChanged: () => void }) {
  const t = useT();
  const fmt = useFormat();
  const [open, setOpen] = useState<'review' | 'resolve' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const approval = useCommand();
  const resolved = dispute.status === 'accepted' || dispute.status === 'rejected';
  const pending = dispute.pendingApproval === true && !resolved;
  const done = (message: string) => {
    setOpen(null);
    setNotice(message);
    onChanged();
  };
  return (
    <tr
      data-testid="dispute-row"
      data-status={dispute.status}
      data-overdue={dispute.overdue}
      className={dispute.overdue ? 'agr-overdue' : undefined}
    >
      <td>
        <Link to={caseHref(dispute.caseId)} className="mono">
          {dispute.caseNumber}
        </Link>
        {dispute.customer && <div className="small muted">{dispute.customer}</div>}
      </td>
      <td className="mono small">{dispute.invoice ?? t('agreements.case.wholeCase')}</td>
      <td>
        {dispute.reasonLabel}
        <div className="small muted pre-line">{dispute.description}</div>
      </td>
      <td className="num">
        <MoneyText amount={dispute.amount} currency={dispute.currency} />
      </td>
      <td>
        <StatusBadge kind="dispute" status={dispute.status} />
      </td>
      <td>{dispute.owner ?? t('agreements.none')}</td>
      <td className="nowrap">
        {dispute.deadline ? fmt.date(dispute.deadline) : t('agreements.none')}
        {dispute.overdue && (
          <div>
            <span className="badge agr-badge agr-badge-fail" data-testid="dispute-overdue">
              {t('agreements.disputes.overdueBadge')}
            </span>
          </div>
        )}
      </td>
      <td className="nowrap small">
        {fmt.date(dispute.openedOn)}
        <div className="muted">{dispute.openedBy}</div>
      </td>
      <td className="small">
        {dispute.resolution && (
          <div data-testid="dispute-resolution">
            {dispute.resolution.settlement && t(`agreements.settlement.${dispute.resolution.settlement}`)}
            {dispute.resolution.amount && (
              <>
                {' '}
                <MoneyText amount={dispute.resolution.amount} currency={dispute.currency} />
              </>
            )}{' '}
            <span className="muted">{dispute.resolution.comment}</span>
            {dispute.resolutionDays !== null && (
              <span className="muted"> · {t('agreements.days', { days: dispute.resolutionDays })}</span>
            )}
          </div>
        )}
        {pending && (
          <div className="agr-row-actions">
            <span className="badge agr-badge agr-badge-pending" data-testid="dispute-pending">
              {t('agreements.disputes.awaitingApproval')}
            </span>
            <button
              type="button"
              className="button"
              data-testid="dispute-approve"
              disabled={approval.busy !== null}
              onClick={() =>
                void approval
                  .run('approve', `/disputes/${enc(dispute.id)}/approve`, {})
                  .then((ok) => ok && done(t('agreements.disputes.settlementApproved')))
              }
            >
              {t('agreements.disputes.approveSettlement')}
            </button>
            {approval.error && <CommandError error={approval.error.error} />}
          </div>
        )}
        {!resolved && !pending && (
          <div className="agr-row-actions">
            {dispute.status === 'open' && (
              <button
                type="button"
                className="button"
                data-testid="dispute-review"
                onClick={() => setOpen(open === 'review' ? null : 'review')}
              >
                {t('agreements.disputes.review')}
              </button>
            )}
            <button
              type="button"
              className="button"
              data-testid="dispute-resolve"
              onClick={() => setOpen(open === 'resolve' ? null : 'resolve')}
            >
              {t('agreements.disputes.resolve')}
            </button>
          </div>
        )}
        {open === 'review' && <ReviewForm dispute={dispute} onDone={done} />}
        {open === 'resolve' && <ResolveForm dispute={dispute} onDone={done} />}
        {notice && (
          <p className="form-success small" role="status" data-testid="dispute-notice">
            {notice}
          </p>
        )}
      </td>
    </tr>
  );
}

function SettingsEditor({ settings, onSaved }: { settings: DisputeSettings; onSaved: () => void }) {
  const t = useT();
  const [draft, setDraft] = useState(settings);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    setMessage(null);
    try {
      const reasonCodes = draft.reasonCodes
        .map((r) => ({ code: r.code.trim(), label: r.label.trim() }))
        .filter((r) => r.code !== '' && r.label !== '');
      await apiPut('/settings/disputes', { ...draft, reasonCodes });
      setMessage({ ok: true, text: t('agreements.disputes.settingsSaved') });
      onSaved();
    } catch (caught) {
      setMessage({ ok: false, text: errorMessage(caught, t) });
    } finally {
      setSaving(false);
    }
  };
  const setReason = (index: number, patch: Partial<{ code: string; label: string }>) =>
    setDraft({
      ...draft,
      reasonCodes: draft.reasonCodes.map((r, i) => (i === index ? { ...r, ...patch } : r)),
    });
  return (
    <form className="agr-form" data-testid="dispute-settings" onSubmit={(event) => void save(event)}>
      <table className="table agr-compact">
        <thead>
          <tr>
            <th>{t('agreements.disputes.reasonCode')}</th>
            <th>{t('agreements.disputes.reasonLabel')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.reasonCodes.map((reason, index) => (
            <tr key={index}>
              <td>
                <input
                  type="text"
                  className="mono"
                  aria-label={t('agreements.disputes.reasonCode')}
                  value={reason.code}
                  onChange={(event) => setReason(index, { code: event.target.value })}
                />
              </td>
              <td>
                <input
                  type="text"
                  aria-label={t('agreements.disputes.reasonLabel')}
                  value={reason.label}
                  onChange={(event) => setReason(index, { label: event.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="button button-link"
                  onClick={() =>
                    setDraft({ ...draft, reasonCodes: draft.reasonCodes.filter((_, i) => i !== index) })
                  }
                >
                  {t('agreements.disputes.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="button button-link"
        onClick={() => setDraft({ ...draft, reasonCodes: [...draft.reasonCodes, { code: '', label: '' }] })}
      >
        {t('agreements.disputes.addReason')}
      </button>
      <div className="agr-form-grid">
        <label className="check">
          <input
            type="checkbox"
            checked={draft.excludeFromInterest}
            onChange={(event) => setDraft({ ...draft, excludeFromInterest: event.target.checked })}
          />
          {t('agreements.disputes.excludeFromInterest')}
        </label>
        <Field label={t('agreements.disputes.defaultDeadline')}>
          <input
            type="number"
            min={1}
            max={365}
            value={draft.defaultDeadlineDays}
            onChange={(event) => setDraft({ ...draft, defaultDeadlineDays: Number(event.target.value) })}
          />
        </Field>
      </div>
      <button type="submit" className="button" disabled={saving}>
        {t('agreements.disputes.saveSettings')}
      </button>
      {message && (
        <p className={message.ok ? 'form-success' : 'form-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}

/** D7: the dispute register, with its figures, the review and resolution of each dispute. */
export function DisputesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const status = (DISPUTE_FILTERS as readonly string[]).includes(params.get('status') ?? '')
    ? (params.get('status') as DisputeFilter)
    : 'active';
  const reason = params.get('reason') ?? '';
  const owner = params.get('owner') ?? '';
  const [ownerInput, setOwnerInput] = useState(owner);
  const settings = useApi<DisputeSettings>('/settings/disputes');
  const disputes = useApi<DisputeList>(`/disputes${queryString({ status, reason, owner })}`, {
    keepPrevious: true,
  });
  const rows = disputes.data?.items ?? [];
  const currencies = [...new Set(rows.map((d) => d.currency))];

  const update = (next: { status?: string; reason?: string; owner?: string }) => {
    const merged = { status, reason, owner, ...next };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(merged)) if (value) search.set(key, value);
    setParams(search);
  };

  return (
    <div className="agr-section" data-testid="disputes-page">
      <div className="page-header">
        <h1>{t('agreements.disputes.title')}</h1>
      </div>
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          update({ owner: ownerInput.trim() });
        }}
      >
        <label className="field">
          <span className="field-label">{t('agreements.disputes.status')}</span>
          <select
            data-testid="disputes-status"
            value={status}
            onChange={(event) => update({ status: event.target.value })}
          >
            {DISPUTE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {filterName(f, t)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('agreements.disputes.reason')}</span>
          <select
            data-testid="disputes-reason"
            value={reason}
            onChange={(event) => update({ reason: event.target.value })}
          >
            <option value="">{t('agreements.all')}</option>
            {(settings.data?.reasonCodes ?? []).map((r) => (
              <option key={r.code} value={r.code}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('agreements.disputes.owner')}</span>
          <input
            type="text"
            data-testid="disputes-owner"
            value={ownerInput}
            onChange={(event) => setOwnerInput(event.target.value)}
          />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            {t('agreements.apply')}
          </button>
        </div>
      </form>

      {disputes.status === 'error' && <ErrorState error={disputes.error} onRetry={disputes.reload} />}
      {!disputes.data && disputes.status === 'loading' && <Loading />}
      {disputes.data && (
        <Stats
          stats={disputes.data.stats}
          currency={currencies.length === 1 ? (currencies[0] ?? null) : null}
        />
      )}
      {disputes.data && rows.length === 0 && <EmptyState>{t('agreements.disputes.empty')}</EmptyState>}
      {rows.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="disputes">
            <thead>
              <tr>
                <th>{t('agreements.col.case')}</th>
                <th>{t('agreements.col.invoice')}</th>
                <th>{t('agreements.col.reason')}</th>
                <th className="num">{t('agreements.col.amount')}</th>
                <th>{t('agreements.col.status')}</th>
                <th>{t('agreements.col.owner')}</th>
                <th>{t('agreements.col.deadline')}</th>
                <th>{t('agreements.col.openedOn')}</th>
                <th>{t('agreements.col.resolution')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((dispute) => (
                <DisputeRow key={dispute.id} dispute={dispute} onChanged={disputes.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {settings.data && (
        <details className="card agr-settings">
          <summary data-testid="dispute-settings-open">{t('agreements.disputes.settings')}</summary>
          <SettingsEditor settings={settings.data} onSaved={settings.reload} />
        </details>
      )}
    </div>
  );
}
