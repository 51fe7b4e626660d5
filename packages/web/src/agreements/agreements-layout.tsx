import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { useDocumentTitle } from '../ui/use-document-title';
import {
  DIRECT_DEBITS_HREF,
  DISPUTES_HREF,
  FORECAST_HREF,
  PLANS_HREF,
  PROMISES_HREF,
} from './agreements.types';
import './agreements.css';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

/** Agreements (C17, D7–D9, D12): plans, promises, disputes, the cash forecast and direct debits. */
export function AgreementsLayout() {
  const t = useT();
  useDocumentTitle(t('agreements.title'));
  return (
    <section className="page agr-page">
      <nav className="tabs" aria-label={t('agreements.tabs')}>
        <NavLink to={PLANS_HREF} className={tabClass} data-testid="agreements-tab-plans">
          {t('agreements.tab.plans')}
        </NavLink>
        <NavLink to={PROMISES_HREF} className={tabClass} data-testid="agreements-tab-promises">
          {t('agreements.tab.promises')}
        </NavLink>
        <NavLink to={DISPUTES_HREF} className={tabClass} data-testid="agreements-tab-disputes">
          {t('agreements.tab.disputes')}
        </NavLink>
        <NavLink to={FORECAST_HREF} className={tabClass} data-testid="agreements-tab-forecast">
          {t('agreements.tab.forecast')}
        </NavLink>
        <NavLink to={DIRECT_DEBITS_HREF} className={tabClass} data-testid="agreements-tab-direct-debits">
          {t('agreements.tab.directDebits')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
