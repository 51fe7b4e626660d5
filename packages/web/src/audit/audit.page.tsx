import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet } from '../api/client';
import { useApi } from '../api/use-api';
import { FormError } from '../auth/auth-ui';
import { useFormat, useT } from '../i18n/i18n-context';
import { EmptyState, ErrorState, errorMessage, Loading } from '../ui/states';
import { useDocumentTitle } from '../ui/use-document-title';
import { queryOf } from '../organisation/organisation.types';

type AuditItem = {
  id: string;
  at: string;
  actor: { kind: string; id: string };
  originIp: string | null;
  via: string | null;
  action: string;
  target: { type: string; id: string } | null;
  outcome: string;
  detail: Record<string, unknown>;
  correlationId: string | null;
};
type AuditPage = { items: AuditItem[]; next: string | null };

const FIELDS = ['actor', 'action', 'target', 'outcome', 'from', 'to', 'q'] as const;
type Field = (typeof FIELDS)[number];
const OUTCOMES = ['ok', 'refused', 'failed'] as const;
const PAGE = 100;

/** L5: who did what, when, from where — newest first, filtered, a page at a time. */
export function AuditPage() {
  const t = useT();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FIELDS.map((field) => [field, params.get(field) ?? ''])) as Record<
    Field,
    string
  >;
  const [draft, setDraft] = useState(filters);
  const query = queryOf({ ...filters, limit: PAGE });
  const first = useApi<AuditPage>(`/audit${query}`, { keepPrevious: true });
  // Further pages, for the current query only.
  const [more, setMore] = useState<{ query: string; items: AuditItem[]; next: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  useDocumentTitle(t('audit.title'));

  const extra = more?.query === query ? more : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const next = extra ? extra.next : (first.data?.next ?? null);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const search = new URLSearchParams();
    for (const field of FIELDS) if (draft[field].trim()) search.set(field, draft[field].trim());
    setParams(search);
  };
  const loadMore = async () => {
    if (!next) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await apiGet<AuditPage>(`/audit${queryOf({ ...filters, limit: PAGE, before: next })}`);
      setMore({ query, items: [...(extra?.items ?? []), ...page.items], next: page.next });
    } catch (caught) {
      setMoreError(errorMessage(caught, t));
    } finally {
      setLoadingMore(false);
    }
  };
  const flip = (id: string) =>
    setOpen((current) => {
      const copy = new Set(current);
      if (copy.has(id)) copy.delete(id);
      else copy.add(id);
      return copy;
    });

  const text = (field: Field, label: string, type = 'text') => (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type={type}
        data-testid={`audit-${field}`}
        value={draft[field]}
        onChange={(event) => setDraft({ ...draft, [field]: event.target.value })}
      />
    </label>
  );

  return (
    <section className="page" data-testid="audit-page">
      <div className="page-header">
        <h1>{t('audit.title')}</h1>
      </div>
      <form className="filters" onSubmit={apply} data-testid="audit-filters">
        <label className="field field-search">
          <span className="field-label">{t('audit.q')}</span>
          <input
            type="search"
            data-testid="audit-q"
            value={draft.q}
            onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          />
        </label>
        {text('actor', t('audit.actor'))}
        {text('action', t('audit.action'))}
        {text('target', t('audit.target'))}
        <label className="field">
          <span className="field-label">{t('audit.outcome')}</span>
          <select
            data-testid="audit-outcome"
            value={draft.outcome}
            onChange={(event) => setDraft({ ...draft, outcome: event.target.value })}
          >
            <option value="">{t('audit.any')}</option>
            {OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {t(`audit.outcome.${outcome}`)}
              </option>
            ))}
          </select>
        </label>
        {text('from', t('audit.from'), 'date')}
        {text('to', t('audit.to'), 'date')}
        <div className="filter-actions">
          <button type="submit" className="button button-primary" data-testid="audit-search">
            {t('audit.search')}
          </button>
        </div>
      </form>

      {first.status === 'error' && <ErrorState error={first.error} onRetry={first.reload} />}
      {!first.data && first.status === 'loading' && <Loading />}
      {first.data && items.length === 0 && <EmptyState>{t('audit.none')}</EmptyState>}
      {items.length > 0 && (
        <div className="table-wrap card">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('audit.at')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.outcome')}</th>
                <th>{t('audit.origin')}</th>
                <th>
                  <span className="visually-hidden">{t('audit.detail')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <Fragment key={item.id}>
                  <tr
                    data-testid="audit-row"
                    data-action={item.action}
                    data-actor={item.actor.id}
                    data-outcome={item.outcome}
                    data-target={item.target?.id ?? ''}
                  >
                    <td className="nowrap">{fmt.dateTime(item.at)}</td>
                    <td>
                      <span className="mono">{item.actor.id}</span>
                      {item.actor.kind !== 'user' && <div className="muted small">{item.actor.kind}</div>}
                    </td>
                    <td className="mono">{item.action}</td>
                    <td>
                      {item.target === null ? (
                        t('common.none')
                      ) : item.target.type === 'case' ? (
                        <Link to={`/app/cases/${encodeURIComponent(item.target.id)}`} className="mono">
                          {t('audit.case')}
                        </Link>
                      ) : (
                        <>
                          <span className="muted small">{item.target.type}</span>{' '}
                          <span className="mono">{item.target.id}</span>
                        </>
                      )}
                    </td>
                    <td>
                      <span
                        className={`badge ${item.outcome === 'ok' ? 'badge-pass' : 'badge-fail'}`}
                        data-testid="audit-outcome-badge"
                      >
                        {OUTCOMES.includes(item.outcome as (typeof OUTCOMES)[number])
                          ? t(`audit.outcome.${item.outcome as (typeof OUTCOMES)[number]}`)
                          : item.outcome}
                      </span>
                    </td>
                    <td>
                      <span className="mono" data-testid="audit-ip">
                        {item.originIp ?? t('common.none')}
                      </span>
                      {item.via && <div className="muted small">{item.via}</div>}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button-link"
                        aria-expanded={open.has(item.id)}
                        onClick={() => flip(item.id)}
                        data-testid="audit-toggle"
                      >
                        {open.has(item.id) ? t('audit.hide') : t('audit.show')}
                      </button>
                    </td>
                  </tr>
                  {open.has(item.id) && (
                    <tr data-testid="audit-detail-row">
                      <td colSpan={7}>
                        <dl className="kv">
                          {item.target && (
                            <div className="kv-row">
                              <dt>{t('audit.target')}</dt>
                              <dd className="mono">
                                {item.target.type}:{item.target.id}
                              </dd>
                            </div>
                          )}
                          <div className="kv-row">
                            <dt>{t('audit.correlation')}</dt>
                            <dd className="mono">{item.correlationId ?? t('common.none')}</dd>
                          </div>
                        </dl>
                        <pre className="audit-detail" data-testid="audit-detail">
                          {JSON.stringify(item.detail, null, 2)}
                        </pre>
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError && <FormError testId="audit-more-error" message={moreError} />}
      {next && (
        <div className="pagination">
          <button
            type="button"
            className="button"
            disabled={loadingMore}
            onClick={() => void loadMore()}
            data-testid="audit-more"
          >
            {t('audit.more')}
          </button>
        </div>
      )}
    </section>
  );
}
