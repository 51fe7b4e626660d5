import type { ExplanationDto } from '@quittance/api-contract';
import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { formatValue } from './json-value';
import { ruleSetHref } from './rules.types';

/** B7: which rule of which rule set version decided, on which facts and table results. */
export function ExplanationView({ explanation }: { explanation: ExplanationDto }) {
  const t = useT();
  const facts = Object.entries(explanation.facts).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="why" data-testid="why">
      <dl className="why-summary">
        <div>
          <dt>{t('why.ruleSet')}</dt>
          <dd>
            <Link to={ruleSetHref(explanation.ruleSet.version)} data-testid="why-rule-set">
              {t('why.ruleSetValue', {
                name: explanation.ruleSet.name,
                version: explanation.ruleSet.version,
              })}
            </Link>
          </dd>
        </div>
        <div>
          <dt>{t('why.rule')}</dt>
          <dd data-testid="why-rule">
            {explanation.rule.name} <span className="muted mono small">{explanation.rule.id}</span>
          </dd>
        </div>
      </dl>
      <h4 className="why-heading">{t('why.facts')}</h4>
      {facts.length === 0 ? (
        <p className="muted small">{t('why.noFacts')}</p>
      ) : (
        <dl className="why-facts" data-testid="why-facts">
          {facts.map(([path, value]) => (
            <div key={path}>
              <dt className="mono">{path}</dt>
              <dd className="mono">{formatValue(value, true)}</dd>
            </div>
          ))}
        </dl>
      )}
      {explanation.decisions.length > 0 && (
        <>
          <h4 className="why-heading">{t('why.decisions')}</h4>
          <ul className="why-decisions" data-testid="why-decisions">
            {explanation.decisions.map((decision, i) => (
              <li key={i}>
                <span className="mono">{decision.table}</span>{' '}
                <span className="muted">
                  {decision.matchedRules.length > 0
                    ? t('why.matched', { rules: decision.matchedRules.join(', ') })
                    : t('why.noMatch')}
                </span>
                <div className="small">
                  <span className="muted">{t('why.output')}</span>{' '}
                  <span className="mono">{formatValue(decision.output, true)}</span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A "Why?" disclosure next to what a rule did. */
export function WhyDisclosure({ explanation }: { explanation: ExplanationDto }) {
  const t = useT();
  return (
    <details className="why-disclosure" data-testid="chrono-why">
      <summary>{t('why.toggle')}</summary>
      <ExplanationView explanation={explanation} />
    </details>
  );
}
