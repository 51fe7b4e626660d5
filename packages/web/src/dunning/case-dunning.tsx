import type { ChronoEntry, CommandResult, FinancialItem } from '@quittance/api-contract';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { ErrorState, errorMessage, Loading } from '../ui/states';
import { ActionStatusBadge, ChannelCell, DocumentLink } from './action-cells';
import { activeStops, caseVariant, pendingOverride, type DunningStop } from './case-dunning-model';
import { levelName } from './dunning.labels';
import {
  caseActionsPath,
  DUNNING_HREF,
  STEP_LEVELS,
  type DunningActionList,
  type DunningLevel,
} from './dunning.types';

type Props = {
  caseId: string;
  strategy: string | null;
  items: readonly FinancialItem[];
  chrono: readonly ChronoEntry[] | undefined;
  asOf: string;
  /** Something was recorded on the case: its chrono and detail should be read again. */
  onChanged: () => void;
};

/** Posts a dunning command of the case, tracks it, and says what went wrong. */
function useCaseCommand(caseId: string, onDone: () => void) {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (name: 'stop' | 'resume' | 'override', body: unknown, tag = name): Promise<boolean> => {
    if (busy) return false;
    setBusy(tag);
    setError(null);
    try {
      await apiPost<CommandResult>(`/cases/${encodeURIComponent(caseId)}/dunning/${name}`, body);
      onDone();
      return true;
    } catch (caught) {
      setError(errorMessage(caught, t));
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

function StopForm({
  items,
  busy,
  onSubmit,
}: {
  items: readonly FinancialItem[];
  busy: boolean;
  onSubmit: (body: { itemId: string | null; reason: string; until: string | null }) => Promise<boolean>;
}) {
  const t = useT();
  const [itemId, setItemId] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reason.trim() === '') return;
    const done = await onSubmit({ itemId: itemId || null, reason: reason.trim(), until: until || null });
    if (done) {
      setReason('');
      setUntil('');
    }
  };
  return (
    <form
      className="dunning-inline-form"
      data-testid="dunning-stop-form"
      onSubmit={(event) => void submit(event)}
    >
      <label className="field">
        <span className="field-label">{t('dunning.case.stopScope')}</span>
        <select
          data-testid="dunning-stop-item"
          value={itemId}
          onChange={(event) => setItemId(event.target.value)}
        >
          <option value="">{t('dunning.case.wholeCase')}</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.number}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span className="field-label">{t('dunning.case.reason')}</span>
        <input
          type="text"
          required
          maxLength={500}
          data-testid="dunning-stop-reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">
          {t('dunning.case.until')}
          <span className="field-optional"> · {t('dunning.optional')}</span>
        </span>
        <input
          type="date"
          data-testid="dunning-stop-until"
          value={until}
          onChange={(event) => setUntil(event.target.value)}
        />
      </label>
      <button
        type="submit"
        className="button"
        data-testid="dunning-stop"
        disabled={busy || reason.trim() === ''}
      >
        {t('dunning.case.stop')}
      </button>
    </form>
  );
}

function OverrideForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (body: { level: DunningLevel; reason?: string }) => Promise<boolean>;
}) {
  const t = useT();
  const [level, setLevel] = useState<DunningLevel>('R2');
  const [reason, setReason] = useState('');
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await onSubmit({ level, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    if (done) setReason('');
  };
  return (
    <form
      className="dunning-inline-form"
      data-testid="dunning-override-form"
      onSubmit={(event) => void submit(event)}
    >
      <label className="field">
        <span className="field-label">{t('dunning.case.nextLevel')}</span>
        <select
          data-testid="dunning-override-level"
          value={level}
          onChange={(event) => setLevel(event.target.value as DunningLevel)}
        >
          {STEP_LEVELS.map((l) => (
            <option key={l} value={l}>
              {levelName(l, t)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field-grow">
        <span className="field-label">
          {t('dunning.case.reason')}
          <span className="field-optional"> · {t('dunning.optional')}</span>
        </span>
        <input
          type="text"
          maxLength={500}
          data-testid="dunning-override-reason"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" className="button" data-testid="dunning-override" disabled={busy}>
        {t('dunning.case.override')}
      </button>
    </form>
  );
}

function StopLine({
  stop,
  itemNumber,
  busy,
  onResume,
}: {
  stop: DunningStop;
  itemNumber: string | null;
  busy: boolean;
  onResume: () => void;
}) {
  const t = useT();
  const fmt = useFormat();
  return (
    <li
      className="dunning-stop"
      data-testid="dunning-stop-line"
      data-item={stop.itemId ?? ''}
      data-expired={stop.expired ? 'true' : 'false'}
    >
      <span className="badge badge-fail">
        {stop.itemId === null
          ? t('dunning.case.stoppedCase')
          : t('dunning.case.stoppedItem', { item: itemNumber ?? stop.itemId })}
      </span>{' '}
      {stop.reason}
      {stop.until && (
        <span className="muted small">
          {' · '}
          {stop.expired
            ? t('dunning.case.ended', { date: fmt.date(stop.until) })
            : t('dunning.case.untilDate', { date: fmt.date(stop.until) })}
        </span>
      )}{' '}
      <button
        type="button"
        className="button"
        data-testid="dunning-resume"
        disabled={busy}
        onClick={onResume}
      >
        {t('dunning.case.resume')}
      </button>
    </li>
  );
}

/** C9, C13, C15 on the case: its strategy and variant, what dunning did, stops and overrides. */
export function CaseDunning({ caseId, strategy, items, chrono, asOf, onChanged }: Props) {
  const t = useT();
  const fmt = useFormat();
  const actions = useApi<DunningActionList>(caseActionsPath(caseId));
  const reloadActions = actions.reload;
  const command = useCaseCommand(caseId, () => {
    onChanged();
    reloadActions();
  });
  const entries = useMemo(() => chrono ?? [], [chrono]);
  const variant = useMemo(() => caseVariant(entries, strategy), [entries, strategy]);
  const stops = useMemo(() => activeStops(entries, asOf), [entries, asOf]);
  const override = useMemo(() => pendingOverride(entries), [entries]);
  const numbers = useMemo(() => new Map(items.map((item) => [item.id, item.number])), [items]);
  const rows = actions.data?.items ?? [];
  const caseStopped = stops.some((s) => s.itemId === null && !s.expired);

  return (
    <section className="card case-dunning" data-testid="case-dunning" aria-labelledby="case-dunning-title">
      <div className="card-header">
        <h2 id="case-dunning-title">{t('dunning.case.title')}</h2>
        <div className="badges">
          <span
            className={
              caseStopped ? 'badge badge-fail' : strategy ? 'badge badge-automatic' : 'badge badge-pending'
            }
            data-testid="dunning-state"
            data-state={caseStopped ? 'stopped' : strategy ? 'running' : 'none'}
          >
            {caseStopped
              ? t('dunning.case.stateStopped')
              : strategy
                ? t('dunning.case.stateRunning')
                : t('dunning.case.stateNone')}
          </span>
        </div>
      </div>
      <dl className="kv" data-testid="dunning-strategy">
        <div className="kv-row">
          <dt>{t('dunning.case.strategy')}</dt>
          <dd className="mono">{strategy ?? t('common.none')}</dd>
        </div>
        {variant && variant !== strategy && (
          <div className="kv-row">
            <dt>{t('dunning.case.variant')}</dt>
            <dd className="mono" data-testid="dunning-variant">
              {variant}
            </dd>
          </div>
        )}
        {override && (
          <div className="kv-row">
            <dt>{t('dunning.case.nextLevel')}</dt>
            <dd data-testid="dunning-next-level">
              {levelName(override.level, t)}
              {override.reason && <span className="muted small"> · {override.reason}</span>}
            </dd>
          </div>
        )}
      </dl>

      {stops.length > 0 && (
        <ul className="plain-list dunning-stops" data-testid="dunning-stops">
          {stops.map((stop) => (
            <StopLine
              key={stop.itemId ?? 'case'}
              stop={stop}
              itemNumber={stop.itemId ? (numbers.get(stop.itemId) ?? null) : null}
              busy={command.busy !== null}
              onResume={() => void command.run('resume', { itemId: stop.itemId })}
            />
          ))}
        </ul>
      )}

      <details className="dunning-case-forms">
        <summary data-testid="dunning-case-actions">{t('dunning.case.actions')}</summary>
        <StopForm items={items} busy={command.busy !== null} onSubmit={(body) => command.run('stop', body)} />
        <OverrideForm busy={command.busy !== null} onSubmit={(body) => command.run('override', body)} />
      </details>
      {command.error && (
        <p className="form-error" role="alert">
          {command.error}
        </p>
      )}

      <h3 className="automation-decisions-title">{t('dunning.case.history')}</h3>
      {actions.status === 'error' && <ErrorState error={actions.error} onRetry={actions.reload} />}
      {!actions.data && actions.status === 'loading' && <Loading />}
      {actions.data && rows.length === 0 && (
        <p className="muted small" data-testid="dunning-history-empty">
          {t('dunning.case.noHistory')} <Link to={DUNNING_HREF}>{t('dunning.case.toRun')}</Link>
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="dunning-history">
            <thead>
              <tr>
                <th>{t('dunning.col.date')}</th>
                <th>{t('dunning.col.step')}</th>
                <th>{t('dunning.col.channel')}</th>
                <th>{t('dunning.col.status')}</th>
                <th>{t('dunning.col.invoices')}</th>
                <th className="num">{t('dunning.col.total')}</th>
                <th>{t('dunning.col.reason')}</th>
                <th>{t('dunning.col.document')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((action) => (
                <tr
                  key={action.id}
                  data-testid="dunning-action"
                  data-step={action.stepId}
                  data-channel={action.channel}
                  data-status={action.status}
                >
                  <td className="nowrap">{fmt.date(action.runOn)}</td>
                  <td>
                    <span className="mono">{action.stepId}</span>
                    {action.level !== action.stepId && (
                      <span className="muted small"> {levelName(action.level, t)}</span>
                    )}
                    {action.variant && action.variant !== action.strategy && (
                      <span className="muted small"> · {action.variant}</span>
                    )}
                  </td>
                  <td>
                    <ChannelCell channel={action.channel} />
                  </td>
                  <td>
                    <ActionStatusBadge status={action.status} />
                  </td>
                  <td className="mono small">{action.invoices.join(', ')}</td>
                  <td className="num nowrap">
                    {action.total !== null && fmt.money({ amount: action.total, currency: action.currency })}
                  </td>
                  <td className="small">
                    {action.reason ?? ''}
                    {action.postponedUntil && (
                      <span className="muted">
                        {' '}
                        {t('dunning.run.until', { until: fmt.dateTime(action.postponedUntil) })}
                      </span>
                    )}
                  </td>
                  <td>
                    <DocumentLink documentId={action.documentId} channel={action.channel} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
