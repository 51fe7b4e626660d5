import type { CaseSteering, CommandResult, RuleDecisionDto } from '@quittance/api-contract';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import type { Remote } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { ExplanationView } from '../rules/explanation';
import { formatAction } from '../rules/json-value';
import { ruleSetHref } from '../rules/rules.types';
import { ErrorState, errorMessage, Loading } from '../ui/states';

export type DecisionList = { items: RuleDecisionDto[] };

function Decision({ decision }: { decision: RuleDecisionDto }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <li
      className={`rule-decision rule-decision-${decision.status}`}
      data-testid="rule-decision"
      data-status={decision.status}
      data-rule={decision.ruleId}
    >
      <div className="rule-decision-head">
        <span className={`badge badge-decision-${decision.status}`}>
          {t(`automation.status.${decision.status}`)}
        </span>{' '}
        <strong>{decision.ruleName}</strong>{' '}
        <span className="muted small">
          {t('automation.trigger', { event: decision.triggerType })} ·{' '}
          <Link to={ruleSetHref(decision.ruleSetVersion)}>
            {t('automation.version', { version: decision.ruleSetVersion })}
          </Link>{' '}
          · <time dateTime={decision.decidedAt}>{fmt.dateTime(decision.decidedAt)}</time>
        </span>
      </div>
      {decision.error && (
        <p className="form-error small" data-testid="rule-decision-error">
          {t('automation.error', { message: decision.error })}
        </p>
      )}
      {decision.actions.length > 0 ? (
        <ul className="rule-decision-actions mono small">
          {decision.actions.map((action, i) => (
            <li key={i}>{formatAction(action)}</li>
          ))}
        </ul>
      ) : (
        <p className="muted small">{t('automation.noAction')}</p>
      )}
      <details className="why-disclosure">
        <summary>{t('why.toggle')}</summary>
        <ExplanationView explanation={decision.explanation} />
      </details>
    </li>
  );
}

/**
 * B6 and B7 on the case: the manual mode switch (no automatic reaction while it is on) and the
 * decisions the rules took on the case, each with its explanation.
 */
function Steering({ steering }: { steering: CaseSteering }) {
  const t = useT();
  const rows: [string, string | number | null][] = [
    [t('automation.portfolio'), steering.portfolio],
    [t('automation.team'), steering.team],
    [t('automation.strategy'), steering.strategy],
    [t('automation.outsourcedTo'), steering.outsourcedTo],
    [t('automation.openTasks'), steering.openTasks],
  ];
  return (
    <dl className="kv case-steering" data-testid="case-steering">
      {rows
        .filter(([, value]) => value !== null)
        .map(([label, value]) => (
          <div key={label} className="kv-row">
            <dt>{label}</dt>
            <dd className="mono">{value}</dd>
          </div>
        ))}
    </dl>
  );
}

export function CaseAutomation({
  caseId,
  steering,
  decisions,
  onChanged,
}: {
  caseId: string;
  steering: CaseSteering;
  decisions: Remote<DecisionList> & { reload: () => void };
  onChanged: () => void;
}) {
  const t = useT();
  const { manualMode } = steering;
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      const body = { manual: !manualMode, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      await apiPost<CommandResult>(`/cases/${encodeURIComponent(caseId)}/manual-mode`, body);
      setReason('');
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setSubmitting(false);
    }
  };

  const items = decisions.data?.items ?? [];
  return (
    <section
      className="card case-automation"
      data-testid="case-automation"
      aria-labelledby="automation-title"
    >
      <div className="card-header">
        <h2 id="automation-title">{t('automation.title')}</h2>
        <div className="badges">
          {steering.blacklisted && (
            <span className="badge badge-fail" data-testid="case-blacklisted">
              {t('automation.blacklisted')}
            </span>
          )}
          <span
            className={manualMode ? 'badge badge-manual' : 'badge badge-automatic'}
            data-testid="manual-mode-state"
            data-manual={manualMode ? 'true' : 'false'}
          >
            {manualMode ? t('automation.manual') : t('automation.automatic')}
          </span>
        </div>
      </div>
      <Steering steering={steering} />
      <form className="manual-mode-form" onSubmit={(event) => void onSubmit(event)}>
        <p className="manual-mode-explain" data-testid="manual-mode-explain">
          {manualMode ? t('automation.manualExplain') : t('automation.autoExplain')}{' '}
          {!manualMode && <span className="muted">{t('automation.manualExplain')}</span>}
        </p>
        <div className="manual-mode-actions">
          <label className="field">
            <span className="field-label">{t('automation.reason')}</span>
            <input
              type="text"
              maxLength={500}
              data-testid="manual-mode-reason"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <button
            type="submit"
            className={manualMode ? 'button' : 'button button-primary'}
            data-testid="manual-mode-toggle"
            aria-pressed={manualMode}
            disabled={submitting}
          >
            {submitting
              ? t('automation.switching')
              : manualMode
                ? t('automation.leaveManual')
                : t('automation.enterManual')}
          </button>
          {error && (
            <span className="form-error" role="alert">
              {error}
            </span>
          )}
        </div>
      </form>

      <h3 className="automation-decisions-title">{t('automation.decisions')}</h3>
      {decisions.status === 'error' && <ErrorState error={decisions.error} onRetry={decisions.reload} />}
      {!decisions.data && decisions.status === 'loading' && <Loading />}
      {decisions.data && items.length === 0 && (
        <p className="muted small" data-testid="rule-decisions-empty">
          {t('automation.noDecisions')}
        </p>
      )}
      {items.length > 0 && (
        <ol className="rule-decisions" data-testid="rule-decisions">
          {items.map((decision) => (
            <Decision key={decision.id} decision={decision} />
          ))}
        </ol>
      )}
    </section>
  );
}
