import type { ContextType, FeelType } from './feel/types';

// The facts every rule sees (ARCHITECTURE.md §5): the case summary and balances, the debtor,
// the triggering event and today. The server builds them per event (`case-facts.ts`); tests
// in a rule set give them as JSON in the same shape.

const number: FeelType = { kind: 'number' };
const string: FeelType = { kind: 'string' };
const boolean: FeelType = { kind: 'boolean' };
const date: FeelType = { kind: 'date' };
const any: FeelType = { kind: 'any' };
const context = (fields: Record<string, FeelType>): ContextType => ({ kind: 'context', fields });

export const CASE_FACTS_SCHEMA: ContextType = context({
  today: date,
  event: context({
    type: string,
    /** The event's payload; its fields are not checked statically. */
    data: any,
    /** `user`, `rule`, `import`, `system`, `portal`. */
    actorKind: string,
  }),
  case: context({
    id: string,
    number: string,
    type: string,
    phase: string,
    company: string,
    currency: string,
    manager: string,
    team: string,
    portfolio: string,
    strategy: string,
    openedOn: date,
    /** Total outstanding in the case currency (principal, interest, fees, costs). */
    balance: number,
    principal: number,
    overdue: context({
      amount: number,
      count: number,
      oldestDueDate: date,
      daysPastDue: number,
    }),
    items: context({ open: number, disputed: number }),
    manualMode: boolean,
    blacklisted: boolean,
    outsourcedTo: string,
    /** Days since the last contact (note of type call, message sent); null if never. */
    daysSinceLastContact: number,
    /** Days since the case was last paid; null if never. */
    daysSinceLastPayment: number,
    customFields: any,
  }),
  customer: context({
    reference: string,
    name: string,
    /** `business` or `consumer`. */
    type: string,
    country: string,
    language: string,
    /** Payment score 0–100 when known. */
    score: number,
  }),
  /** Outputs of the rule set's decision tables, by table id (filled in during evaluation). */
  decisions: any,
});
