import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { ChargeRecoveryIndemnity } from './case.commands';
import { decideCase } from './case.decide';
import type { CaseEvent, FinancialItemAdded, RecoveryIndemnityCharged } from './case.events';
import { evolveCase, foldCase, initialCaseState } from './case.state';

const { given } = deciderSpec({ decide: decideCase, evolve: evolveCase, initialState: initialCaseState });

const opened: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      number: '2026-000001',
      caseType: 'collection',
      company: { code: 'ACME', name: 'Acme Finance SA' },
      currency: 'EUR',
      phase: 'amicable',
      customFields: {},
      openedOn: '2026-03-02',
    },
  },
];
const invoice: FinancialItemAdded = {
  type: 'FinancialItemAdded',
  data: {
    itemId: 'item-1',
    kind: 'invoice',
    number: 'INV-1',
    issueDate: '2026-01-10',
    dueDate: '2026-02-09',
    amount: { amount: '1000.00', currency: 'EUR' },
    structuredReference: null,
  },
};
const creditNote: FinancialItemAdded = {
  type: 'FinancialItemAdded',
  data: {
    ...invoice.data,
    itemId: 'item-cn',
    kind: 'credit_note',
    number: 'CN-1',
    amount: { amount: '-100.00', currency: 'EUR' },
  },
};

const charge = (data: Partial<ChargeRecoveryIndemnity['data']> = {}): ChargeRecoveryIndemnity => ({
  type: 'ChargeRecoveryIndemnity',
  data: {
    indemnityId: 'ri-1',
    itemId: 'item-1',
    amount: { amount: '40.00', currency: 'EUR' },
    chargedOn: '2026-03-10',
    label: ' Recovery indemnity INV-1 ',
    legalBasis: 'Directive 2011/7/EU, art. 6',
    ...data,
  },
});
const charged = (data: Partial<RecoveryIndemnityCharged['data']> = {}): RecoveryIndemnityCharged => ({
  type: 'RecoveryIndemnityCharged',
  data: {
    indemnityId: 'ri-1',
    itemId: 'item-1',
    amount: { amount: '40.00', currency: 'EUR' },
    chargedOn: '2026-03-10',
    label: 'Recovery indemnity INV-1',
    legalBasis: 'Directive 2011/7/EU, art. 6',
    ...data,
  },
});

describe('ChargeRecoveryIndemnity', () => {
  it('charges the indemnity on an invoice of the case', () => {
    given([...opened, invoice])
      .when(charge())
      .then([charged()]);
  });

  it('adds the indemnity to the costs owed', () => {
    const state = foldCase([...opened, invoice, charged()]);
    expect(state.status !== 'initial' && state.balances.costs).toBe(4000n);
  });

  it('records nothing when the same id repeats the same facts', () => {
    given([...opened, invoice, charged()])
      .when(charge())
      .then([]);
  });

  it('refuses the same id with other facts', () => {
    given([...opened, invoice, charged()])
      .when(charge({ amount: { amount: '70.00', currency: 'EUR' } }))
      .thenThrows('duplicate_id');
  });

  it('refuses a second indemnity on the same invoice under another id', () => {
    given([...opened, invoice, charged()])
      .when(charge({ indemnityId: 'ri-2' }))
      .thenThrows('duplicate_id');
  });

  it('refuses an item the case does not have', () => {
    given([...opened, invoice])
      .when(charge({ itemId: 'item-9' }))
      .thenThrows('item_not_found');
  });

  it('refuses a credit note', () => {
    given([...opened, invoice, creditNote])
      .when(charge({ itemId: 'item-cn' }))
      .thenThrows('invalid_item');
  });

  it('refuses a zero amount and another currency', () => {
    given([...opened, invoice])
      .when(charge({ amount: { amount: '0.00', currency: 'EUR' } }))
      .thenThrows('invalid_amount');
    given([...opened, invoice])
      .when(charge({ amount: { amount: '40.00', currency: 'GBP' } }))
      .thenThrows('currency_mismatch');
  });

  it('refuses a closed case', () => {
    given([...opened, invoice, { type: 'CaseClosed', data: { reason: null } }])
      .when(charge())
      .thenThrows('case_closed');
  });
});
