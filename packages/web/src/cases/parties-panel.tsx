import type { CaseParty } from '@quittance/api-contract';
import { Link } from 'react-router';
import { useFormat, useT } from '../i18n/i18n-context';
import { partyHref } from './case-header';

export function PartiesPanel({ parties }: { parties: readonly CaseParty[] }) {
  const t = useT();
  const fmt = useFormat();
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <section className="card" aria-labelledby="parties-title">
      <h2 id="parties-title">{t('parties.title')}</h2>
      {parties.length === 0 ? (
        <p className="muted">{t('parties.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="parties-table">
            <thead>
              <tr>
                <th>{t('parties.role')}</th>
                <th>{t('parties.name')}</th>
                <th>{t('parties.reference')}</th>
                <th>{t('parties.country')}</th>
                <th>{t('parties.language')}</th>
                <th>{t('parties.emails')}</th>
                <th>{t('parties.phones')}</th>
              </tr>
            </thead>
            <tbody>
              {parties.map((party) => (
                <tr key={`${party.id}|${party.role}`}>
                  <td>
                    <span className="badge badge-role">{t(`role.${party.role}`)}</span>
                  </td>
                  <td>
                    <Link to={partyHref(party.id)}>{party.name}</Link>
                    <div className="muted small">
                      {t(`partyKind.${party.kind}`)} · {t(`customerType.${party.customerType}`)}
                    </div>
                  </td>
                  <td className="mono">{party.reference ?? none}</td>
                  <td>
                    {party.country ? <span title={party.country}>{fmt.country(party.country)}</span> : none}
                  </td>
                  <td>
                    {party.language ? (
                      <span title={party.language}>{fmt.language(party.language)}</span>
                    ) : (
                      none
                    )}
                  </td>
                  <td>
                    {party.emails.length
                      ? party.emails.map((email) => (
                          <div key={email}>
                            <a href={`mailto:${email}`}>{email}</a>
                          </div>
                        ))
                      : none}
                  </td>
                  <td>
                    {party.phones.length
                      ? party.phones.map((phone) => (
                          <div key={phone} className="nowrap">
                            <a href={`tel:${phone.replace(/\s+/g, '')}`}>{phone}</a>
                          </div>
                        ))
                      : none}
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
