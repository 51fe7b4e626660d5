import { compileStrategy, type CompiledStrategy } from './strategy.compile';
import { STANDARD_CONTACT_RULES, STANDARD_STRATEGIES } from './standard-strategies';
import type { DunningInput, DunningItem } from './dunning.plan';
import type { Strategy } from './strategy';

// Builders shared by the dunning specs (not exported from the package index).

export const compiled = (strategy: Strategy): CompiledStrategy => {
  const r = compileStrategy(strategy);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.where ?? ''}: ${d.message}`).join('\n'));
  return r.value;
};

export const standard = (id: string): Strategy => {
  const s = STANDARD_STRATEGIES.find((x) => x.id === id);
  if (s === undefined) throw new Error(`no standard strategy ${id}`);
  return s;
};

/** An open EUR invoice: `amount` in euros as text. */
export const invoice = (
  id: string,
  dueDate: string,
  amount: string,
  extra: Partial<DunningItem> = {},
): DunningItem => ({
  itemId: id,
  number: id.toUpperCase(),
  kind: 'invoice',
  dueDate,
  outstandingMinor: BigInt(amount.replace('.', '')),
  currency: 'EUR',
  ...extra,
});

export const creditNote = (id: string, dueDate: string, amount: string): DunningItem => ({
  itemId: id,
  number: id.toUpperCase(),
  kind: 'credit_note',
  dueDate,
  outstandingMinor: -BigInt(amount.replace('.', '')),
  currency: 'EUR',
});

/** Thursday 20 March 2025, 11:00 in Paris, a business debtor, the business standard strategy. */
export const input = (over: Partial<DunningInput> = {}): DunningInput => ({
  strategy: compiled(standard('business-standard')),
  today: '2025-03-20',
  now: '2025-03-20T10:00:00Z',
  currency: 'EUR',
  items: [],
  stop: null,
  history: [],
  contacts: [],
  override: null,
  debtor: { customerType: 'business', timeZone: 'Europe/Paris', optedOut: [] },
  facts: {},
  contactRules: STANDARD_CONTACT_RULES,
  ...over,
});
