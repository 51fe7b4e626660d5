import { Link } from 'react-router';
import { useT } from '../i18n/i18n-context';
import { useDocumentTitle } from '../ui/use-document-title';

export function NotFoundPage() {
  const t = useT();
  useDocumentTitle(t('error.notFound'));
  return (
    <section className="page">
      <h1>{t('error.notFound')}</h1>
      <p>{t('error.notFoundBody')}</p>
      <Link to="/app/cases">{t('error.backToCases')}</Link>
    </section>
  );
}
