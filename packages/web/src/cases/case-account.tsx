import type { CaseAccount as CaseAccountDto, FinancialItem, MoneyDto } from '@quittance/api-contract';
import { Link } from 'react-router';
import type { Remote } from '../api/use-api';
import { useFormat, useT } from '../i18n/i18n-context';
import { eventTypeName } from '../ledger/ledger.labels';
import { entryHref } from '../ledger/ledger.params';
import { ValidationBadge } from '../ledger/ledger-ui';
import { signOf } from '../lib/decimal';
import { Amount } from '../ui/amount';
import { ErrorState, Loading } from '../ui/states';
import { FeeForm, PaymentForm } from './money-forms';

function Figure({
  label,
  money,
  testId,
  strong = false,
}: {
  label: string;
  money: MoneyDto;
  testId: string;
  strong?: boolean;
}) {
  return (
    <div className={strong ? 'kpi account-figure account-figure-strong' : 'kpi account-figure'}>
      <dt>{label}</dt>
      <dd className={strong ? 'kpi-amount' : undefined} data-testid={testId}>
        <Amount money={money} />
      </dd>
    </div>
  );
}

/** "+€10.00" / "-€10.00": the change of the net balance, always signed. */
function SignedAmount({ money }: { money: MoneyDto }) {
  const sign = signOf(money.amount) > 0 ? '+' : '';
  return (
    <>
      {sign}
      <Amount money={money} />
    </>
  );
}

function AccountSummary({ account }: { account: CaseAccountDto }) {
  const t = useT();
  const { outstanding } = account;
  return (
    <div className="account-summary">
      <dl className="kpis account-figures" aria-label={t('account.summary')}>
        <Figure
          label={t('account.originalClaim')}
          money={account.originalClaim}
          testId="account-original-claim"
        />
        <Figure label={t('account.settlements')} money={account.settlements} testId="account-settlements" />
        <Figure label={t('account.principal')} money={outstanding.principal} testId="account-principal" />
        <Figure label={t('account.interest')} money={outstanding.interest} testId="account-interest" />
        <Figure label={t('account.fees')} money={outstanding.fees} testId="account-fees" />
        <Figure label={t('account.costs')} money={outstanding.costs} testId="account-costs" />
        <Figure label={t('account.unallocated')} money={account.unallocated} testId="account-unallocated" />
        <Figure label={t('account.overpayment')} money={account.overpayment} testId="account-overpayment" />
        <Figure label={t('account.writtenOff')} money={account.writtenOff} testId="account-written-off" />
        <Figure
          label={t('account.netBalance')}
          money={account.netBalance}
          testId="account-net-balance"
          strong
        />
      </dl>
    </div>
  );
}

function Transactions({ account }: { account: CaseAccountDto }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <div className="table-wrap">
      <table className="table" data-testid="account-transactions">
        <thead>
          <tr>
            <th>{t('account.date')}</th>
            <th>{t('account.label')}</th>
            <th className="num" title={t('account.amountHint')}>
              {t('account.amount')}
            </th>
            <th className="num">{t('account.runningBalance')}</th>
            <th>{t('account.status')}</th>
          </tr>
        </thead>
        <tbody>
          {account.transactions.length === 0 && (
            <tr>
              <td colSpan={5} className="muted empty-cell">
                {t('account.empty')}
              </td>
            </tr>
          )}
          {account.transactions.map((tx) => (
            <tr key={tx.entryId} data-testid="account-transaction" data-event-type={tx.eventType}>
              <td className="nowrap">{fmt.date(tx.date)}</td>
              <td>
                <Link to={entryHref(tx.entryId)} data-testid="account-transaction-link">
                  {tx.label || eventTypeName(tx.eventType, t)}
                </Link>
                {tx.label && <div className="muted small">{eventTypeName(tx.eventType, t)}</div>}
              </td>
              <td className="num">
                <SignedAmount money={tx.amount} />
              </td>
              <td className="num">
                <Amount money={tx.runningBalance} />
              </td>
              <td>
                <ValidationBadge validated={tx.validated} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** G11: the case account (what is owed, by component, and every movement) and the money forms. */
export function CaseAccount({
  caseId,
  currency,
  items,
  account,
  onChanged,
}: {
  caseId: string;
  currency: string;
  items: readonly FinancialItem[];
  account: Remote<CaseAccountDto> & { reload: () => void };
  onChanged: () => void;
}) {
  const t = useT();
  return (
    <section className="card case-account" aria-labelledby="account-title" data-testid="case-account">
      <h2 id="account-title">{t('account.title')}</h2>
      {account.status === 'error' && <ErrorState error={account.error} onRetry={account.reload} />}
      {!account.data && account.status === 'loading' && <Loading />}
      {account.data && (
        <>
          <AccountSummary account={account.data} />
          <h3 className="account-subtitle">{t('account.transactions')}</h3>
          <Transactions account={account.data} />
        </>
      )}
      <div className="money-actions">
        <details className="money-panel">
          <summary data-testid="payment-toggle">{t('payment.title')}</summary>
          <PaymentForm caseId={caseId} currency={currency} items={items} onDone={onChanged} />
        </details>
        <details className="money-panel">
          <summary data-testid="fee-toggle">{t('fee.title')}</summary>
          <FeeForm caseId={caseId} currency={currency} onDone={onChanged} />
        </details>
      </div>
    </section>
  );
}
