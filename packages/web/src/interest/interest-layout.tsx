import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

export const INTEREST_CALCULATOR = '/app/interest';
export const INTEREST_RATES = '/app/interest/rates';

/** Late-payment interest (D2): the calculator and the reference-rate tables, as tabs. */
export function InterestLayout() {
  const t = useT();
  return (
    <section className="page interest-page">
      <nav className="tabs" aria-label={t('interest.tabs')}>
        <NavLink to={INTEREST_CALCULATOR} end className={tabClass} data-testid="interest-tab-calculator">
          {t('interest.calculator')}
        </NavLink>
        <NavLink to={INTEREST_RATES} className={tabClass} data-testid="interest-tab-rates">
          {t('rates.tab')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
