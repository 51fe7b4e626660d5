import type { FinancialItem } from '@quittance/api-contract';
import { sumByCurrency } from '../lib/decimal';
import { useFormat, useT } from '../i18n/i18n-context';
import { Amount } from '../ui/amount';
import { ItemStatusBadge } from '../ui/badges';

export function ItemsTable({ items }: { items: readonly FinancialItem[] }) {
  const t = useT();
  const fmt = useFormat();
  const amountTotals = sumByCurrency(items.map((item) => item.amount));
  const outstandingTotals = sumByCurrency(items.map((item) => item.outstanding));
  const multiCurrency = amountTotals.length > 1;
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">{t('items.title')}</h2>
      <div className="table-wrap">
        <table className="table" data-testid="items-table">
          <thead>
            <tr>
              <th>{t('items.kind')}</th>
              <th>{t('items.number')}</th>
              <th>{t('items.issueDate')}</th>
              <th>{t('items.dueDate')}</th>
              <th className="num">{t('items.amount')}</th>
              <th className="num">{t('items.outstanding')}</th>
              <th>{t('items.status')}</th>
              <th className="num">{t('items.daysPastDue')}</th>
              <th>{t('items.reference')}</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={9} className="muted empty-cell">
                  {t('items.empty')}
                </td>
              </tr>
            )}
            {items.map((item) => (
              <tr
                key={item.id}
                data-testid="item-row"
                className={item.status === 'paid' ? 'row-settled' : undefined}
              >
                <td className="nowrap">{t(`itemKind.${item.kind}`)}</td>
                <td className="mono nowrap">{item.number}</td>
                <td className="nowrap">{fmt.date(item.issueDate)}</td>
                <td className="nowrap">{fmt.date(item.dueDate)}</td>
                <td className="num">
                  <Amount money={item.amount} />
                </td>
                <td className="num">
                  <Amount money={item.outstanding} overdue={item.status === 'overdue'} />
                </td>
                <td>
                  <ItemStatusBadge status={item.status} />
                </td>
                <td className={item.daysPastDue > 0 ? 'num overdue-days' : 'num muted'}>
                  {fmt.integer(item.daysPastDue)}
                </td>
                <td className="mono small">{item.structuredReference ?? none}</td>
              </tr>
            ))}
          </tbody>
          {items.length > 0 && (
            <tfoot>
              {amountTotals.map((total) => {
                const outstanding = outstandingTotals.find((o) => o.currency === total.currency) ?? {
                  ...total,
                  amount: '0',
                };
                return (
                  <tr key={total.currency} data-testid="items-total">
                    <th colSpan={4} scope="row">
                      {multiCurrency ? t('items.totalIn', { currency: total.currency }) : t('items.total')}
                    </th>
                    <td className="num">
                      <Amount money={total} />
                    </td>
                    <td className="num">
                      <Amount money={outstanding} />
                    </td>
                    <td colSpan={3} />
                  </tr>
                );
              })}
            </tfoot>
          )}
        </table>
      </div>
    </section>
  );
}
