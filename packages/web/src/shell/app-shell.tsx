import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { isLanguage, LANGUAGES, type Language } from '../i18n/messages';

// Language names are written in their own language, whatever the current one.
const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export function AppShell() {
  const { t, language, setLanguage } = useI18n();
  // Everything under /app is "Cases" (list, case and party screens) except accounting, payments,
  // interest, dunning, agreements and rules.
  const { pathname } = useLocation();
  const elsewhere = [
    '/app/ledger',
    '/app/payments',
    '/app/interest',
    '/app/dunning',
    '/app/agreements',
    '/app/rules',
  ].some((prefix) => pathname.startsWith(prefix));
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/app" className="brand">
          <span className="brand-mark" aria-hidden="true">
            Q
          </span>
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="topnav" aria-label={t('nav.label')}>
          <NavLink
            to="/app"
            className={({ isActive }) => (isActive && !elsewhere ? 'topnav-link active' : 'topnav-link')}
            aria-current={elsewhere ? false : undefined}
            data-testid="nav-cases"
          >
            {t('nav.cases')}
          </NavLink>
          <NavLink
            to="/app/payments"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-payments"
          >
            {t('nav.payments')}
          </NavLink>
          <NavLink
            to="/app/interest"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-interest"
          >
            {t('nav.interest')}
          </NavLink>
          <NavLink
            to="/app/dunning"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-dunning"
          >
            {t('nav.dunning')}
          </NavLink>
          <NavLink
            to="/app/agreements"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-agreements"
          >
            {t('nav.agreements')}
          </NavLink>
          <NavLink
            to="/app/rules"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-rules"
          >
            {t('nav.rules')}
          </NavLink>
          <NavLink
            to="/app/ledger"
            className={({ isActive }) => (isActive ? 'topnav-link active' : 'topnav-link')}
            data-testid="nav-accounting"
          >
            {t('nav.accounting')}
          </NavLink>
        </nav>
        <label className="lang-switch">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select
            data-testid="lang-switch"
            value={language}
            onChange={(event) => {
              if (isLanguage(event.target.value)) setLanguage(event.target.value);
            }}
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {LANGUAGE_NAMES[lang]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
