import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

/** Accounting (E2, E3, E7): the views of the general ledger, as tabs over the current screen. */
export function LedgerLayout() {
  const t = useT();
  return (
    <section className="page ledger-page">
      <nav className="tabs" aria-label={t('ledger.tabs')}>
        <NavLink to="/app/ledger/trial-balance" className={tabClass} data-testid="ledger-tab-trial-balance">
          {t('ledger.tab.trialBalance')}
        </NavLink>
        <NavLink to="/app/ledger/accounts" className={tabClass} data-testid="ledger-tab-accounts">
          {t('ledger.tab.accounts')}
        </NavLink>
        <NavLink to="/app/ledger/customers" className={tabClass} data-testid="ledger-tab-customers">
          {t('ledger.tab.customers')}
        </NavLink>
        <NavLink to="/app/ledger/validation" className={tabClass} data-testid="ledger-tab-validation">
          {t('ledger.tab.validation')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
