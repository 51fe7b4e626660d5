import { DEBT_COMPONENTS, type DebtComponent } from '../ledger/ledger.types';
import type { Money } from '../money/money';
import { DomainError } from '../shared/domain-error';

/** The order in which a payment settles the parts of a debt; lists each component once. */
export type ComponentOrder = readonly DebtComponent[];

/** The order in which the principal of several items is settled. */
export type ItemOrder = 'oldest-first' | 'referenced-first' | 'largest-first' | 'smallest-first';

export type AllocationPolicy = {
  code: string;
  name: string;
  componentOrder: ComponentOrder;
  itemOrder: ItemOrder;
  /** The rule of law the policy follows, when it follows one. */
  legalBasis: string | null;
};

/**
 * The imputation policies a tenant can choose (PRODUCT D5). They apply when the debtor did not
 * say what the payment is for; a payment naming an invoice is matched to it before any waterfall.
 */
export const ALLOCATION_POLICIES = {
  // The collection-industry default: the creditor's expenses first, so that what it advanced to
  // recover the debt is recovered first, then interest, then the oldest principal.
  default: {
    code: 'default',
    name: 'Costs, fees, interest, then principal (oldest first)',
    componentOrder: ['costs', 'fees', 'interest', 'principal'],
    itemOrder: 'oldest-first',
    legalBasis: null,
  },
  // BGB § 367(1): a payment that does not cover the whole is applied first to the costs, then to
  // the interest, and last to the principal ("zunächst auf die Kosten, dann auf die Zinsen und
  // zuletzt auf die Hauptleistung"); dunning and collection fees are costs of enforcement, so
  // they go with the costs. § 366(2), between several debts: first the debt that is due, among
  // due debts the one offering the creditor least security, then the one most burdensome for the
  // debtor, then the oldest, and last proportionally. Security and burden are not known here, so
  // the items are taken oldest due first.
  'de-bgb-366-367': {
    code: 'de-bgb-366-367',
    name: 'Germany, BGB §§ 366–367: costs, interest, then principal (oldest due first)',
    componentOrder: ['costs', 'fees', 'interest', 'principal'],
    itemOrder: 'oldest-first',
    legalBasis: 'BGB § 366 (2), § 367 (1)',
  },
  // Code civil art. 1342-10: without an indication from the debtor, the payment goes first to
  // the debts that are due; among them, to those the debtor had most interest in paying; with
  // equal interest, to the oldest; all things equal, proportionally. Interest in paying is not
  // known here, so the items are taken oldest due first. Art. 1343-1: for a sum bearing interest,
  // a partial payment is applied first to the interest ("s'impute d'abord sur les intérêts");
  // fees and recovery costs follow, the principal comes last.
  'fr-code-civil-1342-10': {
    code: 'fr-code-civil-1342-10',
    name: 'France, Code civil art. 1342-10 and 1343-1: interest first, then principal (oldest due first)',
    componentOrder: ['interest', 'fees', 'costs', 'principal'],
    itemOrder: 'oldest-first',
    legalBasis: 'Code civil art. 1342-10, art. 1343-1',
  },
  // A creditor's choice, not a legal default: the principal (oldest first) before anything else,
  // e.g. to stop interest running or as a concession in a settlement.
  'principal-first': {
    code: 'principal-first',
    name: 'Principal first (oldest first), then interest, fees and costs',
    componentOrder: ['principal', 'interest', 'fees', 'costs'],
    itemOrder: 'oldest-first',
    legalBasis: null,
  },
} satisfies Record<string, AllocationPolicy>;

export type AllocationPolicyCode = keyof typeof ALLOCATION_POLICIES;

/** The built-in policy of that code, or undefined. */
export const findAllocationPolicy = (code: string): AllocationPolicy | undefined =>
  Object.hasOwn(ALLOCATION_POLICIES, code) ? ALLOCATION_POLICIES[code as AllocationPolicyCode] : undefined;

/** What a case owes, in minor units of `currency`: component balances and principal per item. */
export type DebtSnapshot = {
  currency: string;
  components: Record<'interest' | 'fees' | 'costs', bigint>;
  items: readonly { itemId: string; dueDate: string; outstanding: bigint; referenced?: boolean }[];
};

export type WaterfallLine = {
  component: DebtComponent;
  /** The item whose principal the line settles; null for interest, fees and costs. */
  itemId: string | null;
  amount: Money;
};

export type WaterfallResult = { lines: WaterfallLine[]; remainder: Money };

type SnapshotItem = DebtSnapshot['items'][number];

const checkComponentOrder = (policy: AllocationPolicy): void => {
  const order = policy.componentOrder;
  const complete = order.length === DEBT_COMPONENTS.length && DEBT_COMPONENTS.every((c) => order.includes(c));
  if (!complete) {
    throw new DomainError(
      'validation_failed',
      `allocation policy "${policy.code}" must list each of ${DEBT_COMPONENTS.join(', ')} exactly once`,
      { policy: policy.code, componentOrder: [...order] },
    );
  }
};

const compareDue = (a: SnapshotItem, b: SnapshotItem): number =>
  a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;

// Ties fall back to the oldest due date, then to the order the items were given in.
const orderItems = (items: readonly SnapshotItem[], order: ItemOrder): SnapshotItem[] => {
  const primary = (a: SnapshotItem, b: SnapshotItem): number => {
    switch (order) {
      case 'oldest-first':
        return 0;
      case 'referenced-first':
        return (b.referenced === true ? 1 : 0) - (a.referenced === true ? 1 : 0);
      case 'largest-first':
        return a.outstanding > b.outstanding ? -1 : a.outstanding < b.outstanding ? 1 : 0;
      case 'smallest-first':
        return a.outstanding < b.outstanding ? -1 : a.outstanding > b.outstanding ? 1 : 0;
      default: {
        const never: never = order;
        throw new DomainError('validation_failed', `unknown item order "${String(never)}"`);
      }
    }
  };
  return items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => primary(x.item, y.item) || compareDue(x.item, y.item) || x.index - y.index)
    .map(({ item }) => item);
};

/**
 * Splits `amount` over what the debt owes, component by component in the policy's order and,
 * for the principal, item by item in its item order. Promises: the lines plus the remainder add
 * up to `amount`; no line is zero, negative or more than what is owed (a negative balance or a
 * credit-note item owes nothing); the remainder (an overpayment) is positive only when everything
 * is paid. Throws `invalid_amount` for a negative amount, `currency_mismatch` when the amount is
 * not in the debt's currency, `validation_failed` for a component order that is not complete.
 */
export const allocateByWaterfall = (
  amount: Money,
  debt: DebtSnapshot,
  policy: AllocationPolicy,
): WaterfallResult => {
  if (amount.amountMinor < 0n) {
    throw new DomainError('invalid_amount', 'a payment to allocate cannot be negative', {
      amount: amount.amountMinor.toString(),
    });
  }
  if (amount.currency !== debt.currency) {
    throw new DomainError(
      'currency_mismatch',
      `cannot allocate ${amount.currency} to a debt in ${debt.currency}`,
      {
        left: amount.currency,
        right: debt.currency,
      },
    );
  }
  checkComponentOrder(policy);

  const lines: WaterfallLine[] = [];
  let left = amount.amountMinor;
  const take = (component: DebtComponent, itemId: string | null, owed: bigint): void => {
    if (left === 0n || owed <= 0n) return;
    const part = owed < left ? owed : left;
    lines.push({ component, itemId, amount: { amountMinor: part, currency: debt.currency } });
    left -= part;
  };

  for (const component of policy.componentOrder) {
    if (component === 'principal') {
      for (const item of orderItems(debt.items, policy.itemOrder))
        take('principal', item.itemId, item.outstanding);
    } else {
      take(component, null, debt.components[component]);
    }
  }
  return { lines, remainder: { amountMinor: left, currency: debt.currency } };
};
