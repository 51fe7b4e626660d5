import type { SimulationReportDto } from '@quittance/api-contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiPost } from '../api/client';
import { useFormat, useT } from '../i18n/i18n-context';
import { ErrorState } from '../ui/states';
import { formatValue } from './json-value';
import { useCount } from './rules-ui';
import { ruleSetPath } from './rules.types';

const caseHref = (id: string) => `/app/cases/${encodeURIComponent(id)}`;

function DecisionChanges({
  decision,
  tableName,
}: {
  decision: SimulationReportDto['decisions'][number];
  tableName: string;
}) {
  const t = useT();
  const count = useCount();
  return (
    <section className="card rules-sim-table" data-testid="simulation-table" data-table={decision.table}>
      <h3 className="rules-sim-title">
        {tableName} <span className="muted mono small">{decision.table}</span>{' '}
        {decision.changed > 0 ? (
          <span
            className="badge badge-change-changed"
            data-testid="simulation-changed"
            data-count={decision.changed}
          >
            {count(decision.changed, 'rules.simulation.changed.one', 'rules.simulation.changed.other')}
          </span>
        ) : (
          <span className="badge" data-testid="simulation-changed" data-count={0}>
            {t('rules.simulation.unchanged')}
          </span>
        )}
      </h3>
      {decision.cases.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('rules.simulation.case')}</th>
                <th>{t('rules.simulation.before')}</th>
                <th className="rules-sim-arrow" aria-hidden="true" />
                <th>{t('rules.simulation.after')}</th>
              </tr>
            </thead>
            <tbody>
              {decision.cases.map((c) => (
                <tr key={c.caseId} data-testid="simulation-case">
                  <td className="nowrap">
                    <Link to={caseHref(c.caseId)} className="mono" data-testid="simulation-case-link">
                      {c.number}
                    </Link>
                  </td>
                  <td className="mono rules-sim-before">{formatValue(c.before)}</td>
                  <td className="rules-sim-arrow" aria-hidden="true">
                    →
                  </td>
                  <td className="mono rules-sim-after">{formatValue(c.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ActionChanges({ action }: { action: SimulationReportDto['actions'][number] }) {
  const t = useT();
  return (
    <li className="rules-sim-action" data-testid="simulation-action" data-action={action.action}>
      <div>
        <strong className="mono">{action.action}</strong>{' '}
        <span className="muted small">
          {t('rules.simulation.actionCounts', { published: action.published, draft: action.draft })}
        </span>
      </div>
      {action.cases.length > 0 && (
        <ul className="rules-sim-action-cases">
          {action.cases.map((c, i) => (
            <li key={i}>
              <span className={`badge badge-change-${c.change === 'added' ? 'added' : 'removed'}`}>
                {t(`rules.simulation.change.${c.change}`)}
              </span>{' '}
              <Link to={caseHref(c.caseId)} className="mono">
                {c.number}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Report({
  report,
  tableNames,
}: {
  report: SimulationReportDto;
  tableNames: ReadonlyMap<string, string>;
}) {
  const t = useT();
  const fmt = useFormat();
  const changedActions = report.actions.filter((a) => a.cases.length > 0 || a.published !== a.draft);
  return (
    <div className="rules-sim-report" data-testid="simulation-report">
      <p className="rules-sim-summary" data-testid="simulation-summary" data-cases={report.casesEvaluated}>
        {report.published === null
          ? t('rules.simulation.summaryAlone', {
              cases: fmt.integer(report.casesEvaluated),
              date: fmt.date(report.asOf),
            })
          : t('rules.simulation.summary', {
              cases: fmt.integer(report.casesEvaluated),
              date: fmt.date(report.asOf),
              draft: report.draft,
              published: report.published,
            })}
      </p>
      <h2>{t('rules.simulation.decisions')}</h2>
      {report.decisions.length === 0 && <p className="muted">{t('rules.simulation.noDecisions')}</p>}
      {report.decisions.map((decision) => (
        <DecisionChanges
          key={decision.table}
          decision={decision}
          tableName={tableNames.get(decision.table) ?? decision.table}
        />
      ))}
      <h2>{t('rules.simulation.actions')}</h2>
      {changedActions.length === 0 ? (
        <p className="muted">{t('rules.simulation.noActions')}</p>
      ) : (
        <ul className="card rules-sim-actions">
          {changedActions.map((action) => (
            <ActionChanges key={action.action} action={action} />
          ))}
        </ul>
      )}
      {report.errors.length > 0 && (
        <section className="card state-error" data-testid="simulation-errors">
          <h2>{t('rules.simulation.errors')}</h2>
          <ul>
            {report.errors.map((error, i) => (
              <li key={i}>
                <Link to={caseHref(error.caseId)} className="mono">
                  {error.number}
                </Link>{' '}
                {error.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

/** B9: this version over the current cases, compared with the published one, before publishing it. */
export function RuleSetSimulation({
  version,
  dirty,
  tableNames,
}: {
  version: number;
  dirty: boolean;
  tableNames: ReadonlyMap<string, string>;
}) {
  const t = useT();
  const [report, setReport] = useState<SimulationReportDto | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await apiPost<SimulationReportDto>(`${ruleSetPath(version)}/simulation`, {}));
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
    }
  };

  return (
    <div className="rules-simulation" data-testid="rules-simulation">
      <div className="filters">
        <p className="intro muted">{t('rules.simulation.intro')}</p>
        <div className="filter-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="simulation-run"
            disabled={running}
            onClick={() => void run()}
          >
            {running ? t('rules.simulation.running') : t('rules.simulation.run')}
          </button>
        </div>
        {dirty && <p className="muted small filter-warning">{t('rules.unsavedNotIncluded')}</p>}
      </div>
      {error !== null && <ErrorState error={error} />}
      {report && (
        <div className={running ? 'stale' : undefined}>
          <Report report={report} tableNames={tableNames} />
        </div>
      )}
    </div>
  );
}
