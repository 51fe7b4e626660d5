import type { ChronoEntry, LedgerEntryDto } from '@quittance/api-contract';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApi } from '../api/use-api';
import { describeEntry } from '../cases/chrono.describe';
import { useFormat, useT } from '../i18n/i18n-context';
import { sumByCurrency } from '../lib/decimal';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { eventTypeName, subLedgerName } from './ledger.labels';
import { accountHref, caseHref, entryHref } from './ledger.params';
import { DebitCredit, ValidationBadge } from './ledger-ui';
import { payloadRows } from './payload';

function Kv({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="kv-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

function EntryHeader({ entry }: { entry: LedgerEntryDto }) {
  const t = useT();
  const fmt = useFormat();
  const v = entry.validation;
  return (
    <header className="card case-header" data-testid="entry-header">
      <div className="case-title">
        <h1>
          <span className="case-title-label">{t('ledger.col.entry')}</span>{' '}
          {v ? (
            <span className="mono" data-testid="entry-number">
              {v.ecritureNum}
            </span>
          ) : (
            <span>{entry.label}</span>
          )}
        </h1>
        <div className="badges">
          <ValidationBadge validated={v !== null} />
          <span className="badge badge-role" data-testid="entry-event-type">
            {eventTypeName(entry.eventType, t)}
          </span>
        </div>
      </div>
      {v && <p className="case-subtitle">{entry.label}</p>}
      <dl className="kpis">
        <div className="kpi">
          <dt>{t('entry.date')}</dt>
          <dd data-testid="entry-date">{fmt.date(entry.entryDate)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('entry.currency')}</dt>
          <dd className="mono">{entry.currency}</dd>
        </div>
        <div className="kpi">
          <dt>{t('entry.case')}</dt>
          <dd>
            <Link to={caseHref(entry.case.id)} className="case-link mono" data-testid="entry-case-link">
              {entry.case.number}
            </Link>
            {entry.case.debtorName && <div className="small">{entry.case.debtorName}</div>}
            <div className="muted small mono">{entry.case.company}</div>
          </dd>
        </div>
        {v && (
          <>
            <div className="kpi">
              <dt>{t('entry.journal')}</dt>
              <dd className="mono" data-testid="entry-journal">
                {v.journal}
              </dd>
            </div>
            <div className="kpi">
              <dt>{t('entry.fiscalYear')}</dt>
              <dd>{v.fiscalYear}</dd>
            </div>
            <div className="kpi">
              <dt>{t('entry.validatedOn')}</dt>
              <dd>{fmt.date(v.validatedOn)}</dd>
            </div>
          </>
        )}
        {entry.reverses && (
          <div className="kpi">
            <dt>{t('entry.reverses')}</dt>
            <dd>
              <Link to={entryHref(entry.reverses)} data-testid="entry-reverses">
                {t('entry.openReversed')}
              </Link>
            </dd>
          </div>
        )}
        {entry.reversedBy && (
          <div className="kpi">
            <dt>{t('entry.reversedBy')}</dt>
            <dd>
              <Link to={entryHref(entry.reversedBy)} data-testid="entry-reversed-by">
                {t('entry.openReversing')}
              </Link>
            </dd>
          </div>
        )}
      </dl>
    </header>
  );
}

function Postings({ entry }: { entry: LedgerEntryDto }) {
  const t = useT();
  const debits = sumByCurrency(entry.postings.flatMap((p) => (p.debit ? [p.debit] : [])));
  const credits = sumByCurrency(entry.postings.flatMap((p) => (p.credit ? [p.credit] : [])));
  return (
    <section className="card" aria-labelledby="postings-title">
      <h2 id="postings-title">{t('entry.postings')}</h2>
      <div className="table-wrap">
        <table className="table" data-testid="entry-postings">
          <thead>
            <tr>
              <th>{t('ledger.col.account')}</th>
              <th className="num">{t('ledger.col.debit')}</th>
              <th className="num">{t('ledger.col.credit')}</th>
            </tr>
          </thead>
          <tbody>
            {entry.postings.length === 0 && (
              <tr>
                <td colSpan={3} className="muted empty-cell">
                  {t('entry.noPostings')}
                </td>
              </tr>
            )}
            {entry.postings.map((posting, i) => (
              <tr key={i} data-testid="entry-posting" data-account={posting.account}>
                <td>{subLedgerName(posting.account, t)}</td>
                <td className="num">
                  <DebitCredit money={posting.debit} />
                </td>
                <td className="num">
                  <DebitCredit money={posting.credit} />
                </td>
              </tr>
            ))}
          </tbody>
          {entry.postings.length > 0 && (
            <tfoot>
              <tr>
                <th scope="row">{t('ledger.total')}</th>
                <td className="num">
                  {debits.map((m) => (
                    <div key={m.currency}>
                      <Amount money={m} />
                    </div>
                  ))}
                </td>
                <td className="num">
                  {credits.map((m) => (
                    <div key={m.currency}>
                      <Amount money={m} />
                    </div>
                  ))}
                </td>
              </tr>
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}

function GlLines({ entry }: { entry: LedgerEntryDto }) {
  const t = useT();
  const converted = entry.glLines.some((line) => line.original !== null);
  const debits = sumByCurrency(entry.glLines.map((line) => line.debit));
  const credits = sumByCurrency(entry.glLines.map((line) => line.credit));
  return (
    <section className="card" aria-labelledby="gl-title">
      <h2 id="gl-title">{t('entry.glLines')}</h2>
      {entry.glLines.length === 0 ? (
        <p className="muted">{t('entry.glPending')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="entry-gl-lines">
            <thead>
              <tr>
                <th className="num">{t('ledger.col.line')}</th>
                <th>{t('ledger.col.account')}</th>
                <th>{t('ledger.col.auxiliary')}</th>
                <th>{t('ledger.col.label')}</th>
                <th className="num">{t('ledger.col.debit')}</th>
                <th className="num">{t('ledger.col.credit')}</th>
                {converted && <th className="num">{t('ledger.col.original')}</th>}
                {converted && <th className="num">{t('ledger.col.fxRate')}</th>}
              </tr>
            </thead>
            <tbody>
              {entry.glLines.map((line) => (
                <tr key={line.lineNo} data-testid="entry-gl-line" data-account={line.account}>
                  <td className="num muted">{line.lineNo}</td>
                  <td>
                    <Link to={accountHref(line.account)} className="mono">
                      {line.account}
                    </Link>
                    <div className="muted small">{line.accountLabel}</div>
                  </td>
                  <td>
                    {line.auxiliaryAccount ? (
                      <>
                        <span className="mono">{line.auxiliaryAccount}</span>
                        {line.auxiliaryLabel && <div className="muted small">{line.auxiliaryLabel}</div>}
                      </>
                    ) : (
                      <span className="muted">{t('common.none')}</span>
                    )}
                  </td>
                  <td>{line.label}</td>
                  <td className="num">
                    <DebitCredit money={line.debit} />
                  </td>
                  <td className="num">
                    <DebitCredit money={line.credit} />
                  </td>
                  {converted && <td className="num">{line.original && <Amount money={line.original} />}</td>}
                  {converted && <td className="num mono">{line.fxRate ?? ''}</td>}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={4} scope="row">
                  {t('ledger.total')}
                </th>
                <td className="num">
                  {debits.map((m) => (
                    <div key={m.currency}>
                      <Amount money={m} />
                    </div>
                  ))}
                </td>
                <td className="num">
                  {credits.map((m) => (
                    <div key={m.currency}>
                      <Amount money={m} />
                    </div>
                  ))}
                </td>
                {converted && <td colSpan={2} />}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function OriginatingEvent({ entry }: { entry: LedgerEntryDto }) {
  const t = useT();
  const fmt = useFormat();
  const { event } = entry;
  // The same one-line description as in the case's chrono.
  const asChrono: ChronoEntry = {
    id: event.id,
    version: event.version,
    type: event.type,
    recordedAt: event.recordedAt,
    effectiveDate: null,
    actor: event.actor,
    data: event.data,
    ledgerEntryId: entry.id,
    why: null,
  };
  const view = describeEntry(asChrono, t, fmt);
  const rows = payloadRows(event.data, t, fmt);
  return (
    <section className="card" aria-labelledby="event-title" data-testid="entry-event">
      <h2 id="event-title">{t('entry.event')}</h2>
      <p className="event-summary">
        <strong>{view.title}</strong> <span className="muted mono small">{event.type}</span>
      </p>
      <dl className="kv">
        <Kv label={t('entry.recordedAt')}>{fmt.dateTime(event.recordedAt)}</Kv>
        <Kv label={t('entry.actor')} testId="entry-actor">
          {t(`actor.${event.actor.kind}`)}
          {event.actor.id && event.actor.id !== event.actor.kind && (
            <>
              {' · '}
              <span className="mono">{event.actor.id}</span>
            </>
          )}
        </Kv>
        <Kv label={t('entry.version')}>{event.version}</Kv>
        <Kv label={t('entry.eventId')}>
          <span className="mono small">{event.id}</span>
        </Kv>
        <Kv label={t('entry.correlationId')} testId="entry-correlation-id">
          <span className="mono small">{event.correlationId}</span>
        </Kv>
        <Kv label={t('entry.causationId')} testId="entry-causation-id">
          {event.causationId ? (
            <span className="mono small">{event.causationId}</span>
          ) : (
            <span className="muted">{t('common.none')}</span>
          )}
        </Kv>
      </dl>
      <h3 className="payload-title">{t('entry.payload')}</h3>
      <dl className="payload" data-testid="entry-payload">
        {rows.map((row) => (
          <div key={row.key}>
            <dt className="mono">{row.key}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** E3: an entry and everything that explains it, from the case to the general ledger. */
export function EntryPage() {
  const t = useT();
  const { id = '' } = useParams();
  const remote = useApi<LedgerEntryDto>(`/ledger/entries/${encodeURIComponent(id)}`);
  const entry = remote.data;
  useDocumentTitle(
    entry?.validation ? t('entry.titleNumber', { number: entry.validation.ecritureNum }) : t('entry.title'),
  );

  return (
    <>
      {entry && (
        <nav className="breadcrumbs">
          <Link to={caseHref(entry.case.id)}>← {t('case.title', { number: entry.case.number })}</Link>
        </nav>
      )}
      {!entry && remote.status === 'loading' && <Loading />}
      {!entry && remote.status === 'error' && <ErrorState error={remote.error} onRetry={remote.reload} />}
      {entry && (
        <div className="ledger-entry" data-testid="ledger-entry" data-entry-id={entry.id}>
          <EntryHeader entry={entry} />
          <div className="entry-layout">
            <div className="case-main">
              <Postings entry={entry} />
              <GlLines entry={entry} />
            </div>
            <OriginatingEvent entry={entry} />
          </div>
        </div>
      )}
    </>
  );
}
