import { Link } from 'react-router';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { templateHref, type TemplateList, type TemplateOrigin } from './dunning.types';

export function OriginBadge({ origin }: { origin: TemplateOrigin }) {
  const t = useT();
  return (
    <span className={`badge badge-origin-${origin}`} data-testid="template-origin" data-origin={origin}>
      {t(`dunning.origin.${origin}`)}
    </span>
  );
}

/** C5, C16: the dunning templates, each in its languages, the standard text or the tenant's own. */
export function TemplatesPage() {
  const t = useT();
  const fmt = useFormat();
  useDocumentTitle(t('dunning.templates.title'));
  const list = useApi<TemplateList>('/dunning/templates');

  return (
    <div className="dunning-templates">
      <div className="page-header">
        <div>
          <h1>{t('dunning.templates.title')}</h1>
          <p className="intro muted">{t('dunning.templates.intro')}</p>
        </div>
      </div>
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <EmptyState>{t('dunning.templates.none')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="templates">
            <thead>
              <tr>
                <th>{t('dunning.templates.id')}</th>
                <th>{t('dunning.templates.languages')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((template) => (
                <tr key={template.id} data-testid="template-row" data-template={template.id}>
                  <td className="mono">{template.id}</td>
                  <td>
                    <ul className="dunning-languages">
                      {template.languages.map(({ language, origin }) => (
                        <li key={language}>
                          <Link
                            to={templateHref(template.id, language)}
                            data-testid="template-link"
                            data-language={language}
                            title={fmt.language(language)}
                          >
                            <span className="mono">{language}</span>
                          </Link>{' '}
                          <OriginBadge origin={origin} />
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
