import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { entriesHref, PAYMENTS_IMPORT, PAYMENTS_QUEUE } from './payments.params';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

/** Cash application (D3–D6): the unallocated queue, statement import and the bank entries, as tabs. */
export function PaymentsLayout() {
  const t = useT();
  return (
    <section className="page payments-page">
      <nav className="tabs" aria-label={t('payments.tabs')}>
        <NavLink to={PAYMENTS_QUEUE} className={tabClass} data-testid="payments-tab-queue">
          {t('payments.tab.queue')}
        </NavLink>
        <NavLink to={PAYMENTS_IMPORT} className={tabClass} data-testid="payments-tab-import">
          {t('payments.tab.import')}
        </NavLink>
        <NavLink to={entriesHref('all')} className={tabClass} data-testid="payments-tab-entries">
          {t('payments.tab.entries')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
