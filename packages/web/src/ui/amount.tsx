import type { MoneyDto } from '@quittance/api-contract';
import { signOf } from '../lib/decimal';
import { useFormat } from '../i18n/i18n-context';

/** An amount, formatted in the UI locale; `overdue` paints a positive amount red. */
export function Amount({ money, overdue = false }: { money: MoneyDto; overdue?: boolean }) {
  const fmt = useFormat();
  const sign = signOf(money.amount);
  const className = ['amount', overdue && sign > 0 ? 'amount-overdue' : '', sign < 0 ? 'amount-negative' : '']
    .filter(Boolean)
    .join(' ');
  return <span className={className}>{fmt.money(money)}</span>;
}
