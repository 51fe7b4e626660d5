import { isDebtComponent, isPaymentMethod, isSubLedgerAccount } from '../api/enums';
import type { MessageKey } from '../i18n/en';
import type { Translate } from '../i18n/i18n-context';

// Names of the codes the ledger carries (event types, sub-ledger accounts, components, payment
// methods). The API may send a code this UI does not know yet: it is then shown as is.

export const FINANCIAL_EVENT_TYPES = [
  'FinancialItemAdded',
  'PaymentReceived',
  'PaymentAllocated',
  'AllocationCancelled',
  'FeeCharged',
  'RecoveryCostCharged',
  'RecoveryIndemnityCharged',
  'InterestAccrued',
  'BalanceAdjusted',
  'AmountWrittenOff',
  'RefundIssued',
] as const;
export type FinancialEventType = (typeof FINANCIAL_EVENT_TYPES)[number];

export function isFinancialEventType(type: string): type is FinancialEventType {
  return (FINANCIAL_EVENT_TYPES as readonly string[]).includes(type);
}

/** "PaymentReceived" -> "Payment received" / "Encaissement". */
export function eventTypeName(type: string, t: Translate): string {
  if (!isFinancialEventType(type)) return type;
  const key: MessageKey = `eventType.${type}`;
  return t(key);
}

export function subLedgerName(account: string, t: Translate): string {
  return isSubLedgerAccount(account) ? t(`subledger.${account}`) : account;
}

export function componentName(component: string, t: Translate): string {
  return isDebtComponent(component) ? t(`component.${component}`) : component;
}

export function paymentMethodName(method: string, t: Translate): string {
  return isPaymentMethod(method) ? t(`paymentMethod.${method}`) : method;
}
