import type { RuleSetDiffDto, RuleSetSummaryDto } from '@quittance/api-contract';
import { useState } from 'react';
import { useApi } from '../api/use-api';
import { useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { ruleSetPath } from './rules.types';

type ChangeKind = RuleSetDiffDto['tables'][number]['kind'];
type Counts = RuleSetDiffDto['summary']['tables'];

function KindBadge({ kind }: { kind: ChangeKind }) {
  const t = useT();
  return <span className={`badge badge-change-${kind}`}>{t(`rules.changes.kind.${kind}`)}</span>;
}

function Section({
  title,
  counts,
  items,
}: {
  title: string;
  counts: Counts;
  items: { kind: ChangeKind; name: string; id?: string; fields?: string[]; details: string[] }[];
}) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <section className="card rules-changes-section" data-testid="changes-section">
      <h2>
        {title} <span className="muted small">{t('rules.changes.summary', counts)}</span>
      </h2>
      <ul className="rules-changes">
        {items.map((item, i) => (
          <li key={i} data-testid="change" data-kind={item.kind} data-id={item.id ?? item.name}>
            <div>
              <KindBadge kind={item.kind} /> <strong>{item.name}</strong>
              {item.id && item.id !== item.name && <span className="muted mono small"> {item.id}</span>}
            </div>
            {item.fields && item.fields.length > 0 && (
              <div className="muted small">
                {t('rules.changes.fields', { fields: item.fields.join(', ') })}
              </div>
            )}
            {item.details.length > 0 && (
              <ul className="rules-change-details mono">
                {item.details.map((detail, j) => (
                  <li key={j}>{detail}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What this version changes compared with another (by default the one it was copied from). */
export function RuleSetChanges({
  version,
  basedOn,
  versions,
  dirty,
}: {
  version: number;
  basedOn: number | null;
  versions: readonly RuleSetSummaryDto[];
  dirty: boolean;
}) {
  const t = useT();
  const others = versions.filter((v) => v.version !== version);
  const [against, setAgainst] = useState<number | null>(basedOn);
  const diff = useApi<RuleSetDiffDto>(
    against === null ? null : `${ruleSetPath(version)}/diff?against=${against}`,
  );
  const data = diff.data;

  return (
    <div className="rules-changes-view" data-testid="rules-changes">
      <div className="filters">
        <label className="field">
          <span className="field-label">{t('rules.changes.against')}</span>
          <select
            data-testid="changes-against"
            value={against ?? ''}
            onChange={(event) => setAgainst(event.target.value ? Number(event.target.value) : null)}
          >
            <option value="">{t('rules.changes.pick')}</option>
            {others.map((v) => (
              <option key={v.version} value={v.version}>
                {t('rules.versionLabel', { version: v.version })} — {v.name} ({t(`rules.status.${v.status}`)})
              </option>
            ))}
          </select>
        </label>
        {dirty && <p className="muted small filter-warning">{t('rules.unsavedNotIncluded')}</p>}
      </div>
      {against === null && <EmptyState>{t('rules.changes.noBase')}</EmptyState>}
      {against !== null && diff.status === 'error' && <ErrorState error={diff.error} onRetry={diff.reload} />}
      {against !== null && !data && diff.status === 'loading' && <Loading />}
      {data && (
        <div className={diff.status === 'loading' ? 'stale' : undefined}>
          {data.summary.identical && (
            <EmptyState>
              <span data-testid="changes-identical">{t('rules.changes.identical')}</span>
            </EmptyState>
          )}
          {data.document.length > 0 && (
            <section className="card rules-changes-section" data-testid="changes-section">
              <h2>{t('rules.changes.document')}</h2>
              <ul className="rules-change-details mono">
                {data.document.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </section>
          )}
          <Section title={t('rules.tab.decisions')} counts={data.summary.tables} items={data.tables} />
          <Section title={t('rules.tab.reactions')} counts={data.summary.reactions} items={data.reactions} />
          <Section title={t('rules.tab.tests')} counts={data.summary.tests} items={data.tests} />
        </div>
      )}
    </div>
  );
}
