import type { CaseSortKey, CaseSummary, PartyRole } from '@quittance/api-contract';
import type { MouseEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useFormat, useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/en';
import { Amount } from '../ui/amount';
import { ArchivedBadge, PhaseBadge } from '../ui/badges';
import { sortDirection, type SortColumn } from './case-list.params';

export type CaseTableRow = CaseSummary & { role?: PartyRole };

/** Router state a case link carries, so that the case screen can go back to the same list. */
export type FromListState = { listSearch?: string };

type Sorting = { sort: CaseSortKey; onSort: (column: SortColumn) => void };

export function caseHref(id: string): string {
  return `/app/cases/${encodeURIComponent(id)}`;
}

function SortableHeader({
  column,
  label,
  sorting,
  numeric,
}: {
  column: SortColumn;
  label: MessageKey;
  sorting?: Sorting;
  numeric?: boolean;
}) {
  const t = useT();
  const className = numeric ? 'num' : undefined;
  if (!sorting) return <th className={className}>{t(label)}</th>;
  const direction = sortDirection(sorting.sort, column);
  return (
    <th
      className={className}
      aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        className={`sort-button${direction ? ' sorted' : ''}`}
        onClick={() => sorting.onSort(column)}
        title={t('sort.by', { column: t(label) })}
        data-sort-column={column}
      >
        {t(label)}
        <span className="sort-indicator" aria-hidden="true">
          {direction === 'asc' ? '▲' : direction === 'desc' ? '▼' : '↕'}
        </span>
        {direction && (
          <span className="visually-hidden">, {t(direction === 'asc' ? 'sort.asc' : 'sort.desc')}</span>
        )}
      </button>
    </th>
  );
}

export function CaseRow({
  summary,
  showRole = false,
  linkState,
}: {
  summary: CaseTableRow;
  showRole?: boolean;
  linkState?: FromListState;
}) {
  const t = useT();
  const fmt = useFormat();
  const navigate = useNavigate();
  const href = caseHref(summary.id);

  // The whole row opens the case; the case number stays a real link for keyboard users,
  // middle-click and "open in new tab".
  const onClick = (event: MouseEvent<HTMLTableRowElement>) => {
    if ((event.target as HTMLElement).closest('a, button, input, select, textarea')) return;
    if (window.getSelection()?.toString()) return; // the user is selecting text, not opening
    if (event.metaKey || event.ctrlKey) {
      window.open(href, '_blank', 'noopener');
      return;
    }
    void navigate(href, { state: linkState });
  };

  return (
    <tr
      data-testid="case-row"
      data-case-id={summary.id}
      className={summary.archived ? 'clickable row-archived' : 'clickable'}
      onClick={onClick}
    >
      <td className="nowrap">
        <Link to={href} state={linkState} className="case-link mono">
          {summary.number}
        </Link>
        {summary.archived && (
          <>
            {' '}
            <ArchivedBadge />
          </>
        )}
      </td>
      <td>
        {summary.debtor ? (
          <div className="customer-cell">
            <span className="customer-name">{summary.debtor.name}</span>
            {summary.debtor.reference && <span className="muted small mono">{summary.debtor.reference}</span>}
          </div>
        ) : (
          <span className="muted">{t('common.none')}</span>
        )}
      </td>
      {showRole && <td>{summary.role ? t(`role.${summary.role}`) : t('common.none')}</td>}
      <td title={summary.company.code}>{summary.company.name}</td>
      <td>
        <PhaseBadge phase={summary.phase} />
      </td>
      <td>{summary.manager ?? <span className="muted">{t('caseList.unassigned')}</span>}</td>
      <td className="num">
        <Amount money={summary.balance} />
      </td>
      <td className="num">
        <Amount money={summary.overdue} overdue />
      </td>
      <td className={summary.daysPastDue > 0 ? 'num overdue-days' : 'num muted'}>
        {fmt.integer(summary.daysPastDue)}
      </td>
      <td className="nowrap">
        {summary.oldestDueDate ? (
          fmt.date(summary.oldestDueDate)
        ) : (
          <span className="muted">{t('common.none')}</span>
        )}
      </td>
    </tr>
  );
}

export function CaseTable({
  cases,
  sorting,
  showRole = false,
  linkState,
}: {
  cases: readonly CaseTableRow[];
  sorting?: Sorting;
  showRole?: boolean;
  linkState?: FromListState;
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="table case-table">
        <thead>
          <tr>
            <SortableHeader column="number" label="col.number" sorting={sorting} />
            <SortableHeader column="debtor" label="col.customer" sorting={sorting} />
            {showRole && <th>{t('col.role')}</th>}
            <th>{t('col.company')}</th>
            <th>{t('col.phase')}</th>
            <th>{t('col.manager')}</th>
            <SortableHeader column="balance" label="col.balance" sorting={sorting} numeric />
            <SortableHeader column="overdue" label="col.overdue" sorting={sorting} numeric />
            <SortableHeader column="daysPastDue" label="col.daysPastDue" sorting={sorting} numeric />
            <th>{t('col.oldestDueDate')}</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((summary) => (
            <CaseRow
              key={`${summary.id}|${summary.role ?? ''}`}
              summary={summary}
              showRole={showRole}
              linkState={linkState}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
