import type { ChronoEntry } from '@quittance/api-contract';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { DocumentLink } from '../dunning/action-cells';
import { useFormat, useT } from '../i18n/i18n-context';
import { entryHref } from '../ledger/ledger.params';
import { WhyDisclosure } from '../rules/explanation';
import { partyHref } from './case-header';
import { describeActor, describeEntry, taskTitles, type DescribeContext } from './chrono.describe';

function ChronoItem({ entry, context }: { entry: ChronoEntry; context: DescribeContext }) {
  const t = useT();
  const fmt = useFormat();
  const view = describeEntry(entry, t, fmt, context);
  const showEffective = entry.effectiveDate !== null && entry.effectiveDate !== entry.recordedAt.slice(0, 10);
  return (
    <li
      className={`chrono-entry chrono-${view.kind}`}
      data-testid="chrono-entry"
      data-event-type={entry.type}
      data-actor-kind={entry.actor.kind}
    >
      <span className="chrono-dot" aria-hidden="true" />
      <div className="chrono-body">
        <div className="chrono-title">
          {view.party ? (
            <Link to={partyHref(view.party.id)} className="chrono-title-text">
              {view.title}
            </Link>
          ) : (
            <span className="chrono-title-text">{view.title}</span>
          )}
        </div>
        <div className="chrono-meta">
          <time dateTime={entry.recordedAt}>{fmt.dateTime(entry.recordedAt)}</time>
          <span> · {describeActor(entry.actor, t)}</span>
          {showEffective && entry.effectiveDate && (
            <span> · {t('chrono.effective', { date: fmt.date(entry.effectiveDate) })}</span>
          )}
          {entry.ledgerEntryId && (
            <>
              {' · '}
              <Link
                to={entryHref(entry.ledgerEntryId)}
                className="chrono-ledger-link"
                data-testid="chrono-ledger-link"
              >
                {t('chrono.ledgerLink')}
              </Link>
            </>
          )}
        </div>
        {view.text !== null && <p className="chrono-text">{view.text}</p>}
        {view.details.length > 0 && (
          <dl className="chrono-details">
            {view.details.map((detail, i) => (
              <div key={i}>
                <dt>{detail.label}</dt>
                <dd>{detail.value}</dd>
              </div>
            ))}
          </dl>
        )}
        {view.document && (
          <p className="chrono-document small" data-testid="chrono-document">
            <DocumentLink documentId={view.document.id} channel={view.document.channel ?? ''} />
          </p>
        )}
        {entry.why && <WhyDisclosure explanation={entry.why.explanation} />}
      </div>
    </li>
  );
}

/** The case's history, newest first, as the API returns it. */
export function Chrono({
  entries,
  itemNumbers,
}: {
  entries: readonly ChronoEntry[];
  /** Financial item id -> number, to name the invoice a payment went to. */
  itemNumbers?: ReadonlyMap<string, string>;
}) {
  const t = useT();
  const context = useMemo<DescribeContext>(
    () => ({ taskTitles: taskTitles(entries), ...(itemNumbers ? { itemNumbers } : {}) }),
    [entries, itemNumbers],
  );
  return (
    <ol className="chrono" data-testid="chrono">
      {entries.length === 0 && <li className="muted chrono-empty">{t('chrono.empty')}</li>}
      {entries.map((entry) => (
        <ChronoItem key={entry.id} entry={entry} context={context} />
      ))}
    </ol>
  );
}
