import type { CaseDetail } from '@quittance/api-contract';
import { Link } from 'react-router';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ArchivedBadge, CaseStatusBadge, PhaseBadge } from '../ui/badges';

export function partyHref(id: string): string {
  return `/app/parties/${encodeURIComponent(id)}`;
}

export function CaseHeader({ detail }: { detail: CaseDetail }) {
  const t = useT();
  const fmt = useFormat();
  const none = <span className="muted">{t('common.none')}</span>;
  return (
    <header className="case-header card" data-testid="case-header">
      <div className="case-title">
        <h1>
          <span className="case-title-label">{t('col.number')}</span>{' '}
          <span className="mono" data-testid="case-number">
            {detail.number}
          </span>
        </h1>
        <div className="badges">
          <PhaseBadge phase={detail.phase} />
          <CaseStatusBadge status={detail.status} />
          {detail.archived && <ArchivedBadge />}
        </div>
      </div>
      <p className="case-subtitle">
        {detail.debtor ? (
          <>
            <Link to={partyHref(detail.debtor.id)} className="party-link" data-testid="party-link">
              {detail.debtor.name}
            </Link>
            {detail.debtor.reference && <span className="muted mono"> · {detail.debtor.reference}</span>}
          </>
        ) : (
          <span className="muted">{t('case.noCustomer')}</span>
        )}
        <span className="muted">
          {' · '}
          <span title={detail.company.code}>{detail.company.name}</span>
        </span>
      </p>
      <dl className="kpis">
        <div className="kpi">
          <dt>{t('case.balance')}</dt>
          <dd className="kpi-amount">
            <Amount money={detail.balance} />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('case.overdue')}</dt>
          <dd className="kpi-amount">
            <Amount money={detail.overdue} overdue />
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('case.daysPastDue')}</dt>
          <dd className={detail.daysPastDue > 0 ? 'overdue-days' : undefined}>
            {fmt.integer(detail.daysPastDue)}
          </dd>
        </div>
        <div className="kpi">
          <dt>{t('case.oldestDueDate')}</dt>
          <dd>{detail.oldestDueDate ? fmt.date(detail.oldestDueDate) : none}</dd>
        </div>
        <div className="kpi">
          <dt>{t('case.manager')}</dt>
          <dd>{detail.manager ?? <span className="muted">{t('caseList.unassigned')}</span>}</dd>
        </div>
        <div className="kpi">
          <dt>{t('case.openItems')}</dt>
          <dd>{fmt.integer(detail.openItems)}</dd>
        </div>
        <div className="kpi">
          <dt>{t('case.caseType')}</dt>
          <dd className="mono small">{detail.caseType}</dd>
        </div>
        <div className="kpi">
          <dt>{t('case.openedOn')}</dt>
          <dd>{fmt.dateTime(detail.createdAt)}</dd>
        </div>
      </dl>
      <p className="muted small">{t('case.asOf', { date: fmt.date(detail.asOf) })}</p>
    </header>
  );
}
