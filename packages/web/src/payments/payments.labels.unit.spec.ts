import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import {
  bankEntryStatusName,
  confidenceLevel,
  matchRuleName,
  matchRuleOf,
  MATCH_RULES,
} from './payments.labels';

const tEn: Translate = (key, params) => translate(en, key, params);
const tFr: Translate = (key, params) => translate(fr, key, params);

describe('matching rule names', () => {
  it('names every rule in both languages', () => {
    expect(MATCH_RULES.map((rule) => matchRuleName(rule, tEn))).toEqual([
      'Structured reference',
      'End-to-end id',
      'Invoice number',
      'Amount and payer',
      'Combination',
      'Partial reference',
    ]);
    expect(MATCH_RULES.map((rule) => matchRuleName(rule, tFr))).toEqual([
      'Référence structurée',
      'Identifiant de bout en bout',
      'Numéro de facture',
      'Montant et payeur',
      'Combinaison',
      'Référence partielle',
    ]);
  });

  it('reads the codes of the domain matcher', () => {
    const codes = [
      'structured-reference',
      'end-to-end-id',
      'invoice-number',
      'amount-and-payer',
      'combination',
      'partial-reference',
    ];
    expect(codes.map(matchRuleOf)).toEqual([...MATCH_RULES]);
    expect(matchRuleName('amount-and-payer', tFr)).toBe('Montant et payeur');
  });

  it('reads other spellings of the same rule', () => {
    expect(matchRuleOf('structuredReference')).toBe('structured_reference');
    expect(matchRuleOf('STRUCTURED-REFERENCE')).toBe('structured_reference');
    expect(matchRuleOf('end-to-end')).toBe('end_to_end_id');
    expect(matchRuleOf('endToEndId')).toBe('end_to_end_id');
    expect(matchRuleOf('amount+payer')).toBe('amount_payer');
    expect(matchRuleOf('amount_and_payer')).toBe('amount_payer');
    expect(matchRuleName('partial', tFr)).toBe('Référence partielle');
  });

  it('shows a rule it does not know as it is', () => {
    expect(matchRuleOf('iban_history')).toBeNull();
    expect(matchRuleName('iban_history', tEn)).toBe('iban_history');
  });
});

describe('confidence levels', () => {
  it('is high from the default auto-allocation threshold, medium from 70, low below', () => {
    expect([100, 90, 89, 70, 69, 0].map(confidenceLevel)).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
    ]);
  });
});

describe('bank entry statuses', () => {
  it('names the statuses and shows unknown ones as they are', () => {
    expect(bankEntryStatusName('partially_assigned', tFr)).toBe('Partiellement affecté');
    expect(bankEntryStatusName('movement', tEn)).toBe('Bank movement');
    expect(bankEntryStatusName('refunded', tEn)).toBe('refunded');
  });
});
