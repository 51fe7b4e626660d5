import type { RuleSetDetailDto, RuleSetSummaryDto } from '@quittance/api-contract';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { apiPost } from '../api/client';
import { useApi } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { RuleSetStatusBadge } from './rules-ui';
import { RULE_SETS_PATH, ruleSetHref } from './rules.types';

type RuleSetList = { items: RuleSetSummaryDto[] };

/** B1: the versions of the tenant's rule set; one is published, drafts are worked on. */
export function RuleSetsPage() {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  useDocumentTitle(t('rules.title'));
  const list = useApi<RuleSetList>(RULE_SETS_PATH);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const createDraft = async () => {
    if (creating) return;
    setCreating(true);
    setError(null);
    try {
      const draft = await apiPost<RuleSetDetailDto>(RULE_SETS_PATH, {});
      void navigate(ruleSetHref(draft.version));
    } catch (caught) {
      setError(caught);
      setCreating(false);
    }
  };

  const hasPublished = list.data?.items.some((v) => v.status === 'published') ?? false;

  return (
    <section className="page rules-page">
      <div className="page-header">
        <div>
          <h1>{t('rules.title')}</h1>
          <p className="intro muted">{t('rules.intro')}</p>
        </div>
        <div className="filter-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="rules-new-draft"
            title={t('rules.newDraftHint')}
            disabled={creating || !hasPublished}
            onClick={() => void createDraft()}
          >
            {creating ? t('rules.creating') : `+ ${t('rules.newDraft')}`}
          </button>
        </div>
      </div>
      {error !== null && <ErrorState error={error} />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <EmptyState>{t('rules.none')}</EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="rule-sets">
            <thead>
              <tr>
                <th>{t('rules.col.version')}</th>
                <th>{t('rules.col.name')}</th>
                <th>{t('rules.col.status')}</th>
                <th>{t('rules.col.basedOn')}</th>
                <th>{t('rules.col.created')}</th>
                <th>{t('rules.col.published')}</th>
                <th>{t('rules.col.contents')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((v) => (
                <tr
                  key={v.version}
                  data-testid="rule-set-row"
                  data-version={v.version}
                  data-status={v.status}
                  className={v.status === 'retired' ? 'row-archived' : undefined}
                >
                  <td className="nowrap">
                    <Link to={ruleSetHref(v.version)} className="mono" data-testid="rule-set-link">
                      {t('rules.versionLabel', { version: v.version })}
                    </Link>
                  </td>
                  <td>
                    <Link to={ruleSetHref(v.version)}>{v.name}</Link>
                  </td>
                  <td>
                    <RuleSetStatusBadge status={v.status} />
                  </td>
                  <td className="nowrap">
                    {v.basedOn === null ? (
                      <span className="muted">{t('common.none')}</span>
                    ) : (
                      <Link to={ruleSetHref(v.basedOn)} className="mono">
                        {t('rules.versionLabel', { version: v.basedOn })}
                      </Link>
                    )}
                  </td>
                  <td className="small">
                    {t('rules.byOn', { who: v.createdBy, when: fmt.dateTime(v.createdAt) })}
                  </td>
                  <td className="small">
                    {v.publishedBy && v.publishedAt ? (
                      t('rules.byOn', { who: v.publishedBy, when: fmt.dateTime(v.publishedAt) })
                    ) : (
                      <span className="muted">{t('common.none')}</span>
                    )}
                  </td>
                  <td className="small nowrap">{t('rules.counts', v.counts)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
