import type { PartyWithCases } from '@quittance/api-contract';
import { useParams } from 'react-router';
import { useApi } from '../api/use-api';
import { CaseTable } from '../cases/case-table';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';

function PartyIdentity({ party }: { party: PartyWithCases }) {
  const t = useT();
  const fmt = useFormat();
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <header className="card party-header" data-testid="party-header">
      <div className="case-title">
        <h1 data-testid="party-name">{party.name}</h1>
        <div className="badges">
          <span className="badge badge-role">{t(`partyKind.${party.kind}`)}</span>
          <span className="badge badge-role">{t(`customerType.${party.customerType}`)}</span>
        </div>
      </div>
      <dl className="kpis">
        <div className="kpi">
          <dt>{t('party.reference')}</dt>
          <dd className="mono">{party.reference ?? none}</dd>
        </div>
        <div className="kpi">
          <dt>{t('party.country')}</dt>
          <dd>{party.country ? fmt.country(party.country) : none}</dd>
        </div>
        <div className="kpi">
          <dt>{t('party.language')}</dt>
          <dd>{party.language ? fmt.language(party.language) : none}</dd>
        </div>
        <div className="kpi">
          <dt>{t('party.registeredOn')}</dt>
          <dd>{fmt.dateTime(party.createdAt)}</dd>
        </div>
      </dl>
      <div className="party-details">
        {party.identifiers.length > 0 && (
          <section>
            <h3>{t('party.identifiers')}</h3>
            <ul className="plain-list">
              {party.identifiers.map((identifier) => (
                <li key={`${identifier.scheme}:${identifier.value}`}>
                  <span className="muted small">{identifier.scheme.toUpperCase()}</span>{' '}
                  <span className="mono">{identifier.value}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {party.addresses.length > 0 && (
          <section>
            <h3>{t('party.addresses')}</h3>
            {party.addresses.map((address, i) => (
              <address key={i}>
                {address.lines.map((line, j) => (
                  <div key={j}>{line}</div>
                ))}
                <div>{[address.postalCode, address.city].filter(Boolean).join(' ')}</div>
                <div>{fmt.country(address.country)}</div>
              </address>
            ))}
          </section>
        )}
        {party.contacts.length > 0 && (
          <section>
            <h3>{t('party.contacts')}</h3>
            <ul className="plain-list">
              {party.contacts.map((contact, i) => (
                <li key={i} className={contact.optOut ? 'contact-opt-out' : undefined}>
                  <a
                    href={
                      contact.kind === 'email'
                        ? `mailto:${contact.value}`
                        : `tel:${contact.value.replace(/\s+/g, '')}`
                    }
                  >
                    {contact.value}
                  </a>
                  {contact.optOut && (
                    <>
                      {' '}
                      <span className="badge badge-warning">{t('party.optOut')}</span>
                    </>
                  )}
                  {contact.validFrom && (
                    <span className="muted small">
                      {' '}
                      {t('party.validFrom', { date: fmt.date(contact.validFrom.slice(0, 10)) })}
                    </span>
                  )}
                  {contact.validTo && (
                    <span className="muted small">
                      {' '}
                      {t('party.validTo', { date: fmt.date(contact.validTo.slice(0, 10)) })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </header>
  );
}

export function PartyPage() {
  const t = useT();
  const { id = '' } = useParams();
  const party = useApi<PartyWithCases>(`/parties/${encodeURIComponent(id)}`);
  useDocumentTitle(party.data?.name ?? t('party.title'));

  return (
    <section className="page party-page">
      {!party.data && party.status === 'loading' && <Loading />}
      {!party.data && party.status === 'error' && <ErrorState error={party.error} onRetry={party.reload} />}
      {party.data && (
        <>
          <PartyIdentity party={party.data} />
          <section className="card" aria-labelledby="party-cases-title">
            <h2 id="party-cases-title">
              {t('party.cases')} <span className="muted">({party.data.cases.length})</span>
            </h2>
            {party.data.cases.length === 0 ? (
              <EmptyState>
                <p>{t('party.noCases')}</p>
              </EmptyState>
            ) : (
              <CaseTable cases={party.data.cases} showRole />
            )}
          </section>
        </>
      )}
    </section>
  );
}
