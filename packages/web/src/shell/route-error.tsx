import { Link, useRouteError } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { ErrorState } from '../ui/states';

/** Shown by the router when a screen throws while rendering. */
export function RouteError() {
  const t = useT();
  const error = useRouteError();
  console.error(error);
  return (
    <section className="page">
      <ErrorState error={error} />
      <p>
        <Link to="/app/cases">{t('error.backToCases')}</Link>
      </p>
    </section>
  );
}
