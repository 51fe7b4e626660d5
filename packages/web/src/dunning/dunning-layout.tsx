import { NavLink, Outlet } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { RULES_HREF } from '../rules/rules.types';
import { DUNNING_HREF, TEMPLATES_HREF } from './dunning.types';

const tabClass = ({ isActive }: { isActive: boolean }) => (isActive ? 'tab active' : 'tab');

/** Dunning (C1–C16): today's run and the templates as tabs; strategies live in the rule set. */
export function DunningLayout() {
  const t = useT();
  return (
    <section className="page dunning-page">
      <nav className="tabs" aria-label={t('dunning.tabs')}>
        <NavLink to={DUNNING_HREF} end className={tabClass} data-testid="dunning-tab-run">
          {t('dunning.tab.run')}
        </NavLink>
        <NavLink to={TEMPLATES_HREF} className={tabClass} data-testid="dunning-tab-templates">
          {t('dunning.tab.templates')}
        </NavLink>
        <NavLink to={RULES_HREF} className="tab" data-testid="dunning-tab-strategies">
          {t('dunning.tab.strategies')}
        </NavLink>
      </nav>
      <Outlet />
    </section>
  );
}
