import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import { componentName, eventTypeName, paymentMethodName, subLedgerName } from './ledger.labels';

const tEn: Translate = (key, params) => translate(en, key, params);
const tFr: Translate = (key, params) => translate(fr, key, params);

describe('ledger labels', () => {
  it('names known codes in the viewer language', () => {
    expect(eventTypeName('PaymentReceived', tFr)).toBe('Encaissement');
    expect(subLedgerName('written_off', tFr)).toBe('Passé en perte');
    expect(subLedgerName('unallocated', tEn)).toBe('Unallocated payments');
    expect(componentName('costs', tFr)).toBe('Frais de recouvrement');
    expect(paymentMethodName('direct_debit', tFr)).toBe('Prélèvement');
  });

  it('shows codes it does not know as they are', () => {
    expect(eventTypeName('CommissionInvoiced', tEn)).toBe('CommissionInvoiced');
    expect(subLedgerName('suspense', tEn)).toBe('suspense');
    expect(componentName('penalties', tEn)).toBe('penalties');
    expect(paymentMethodName('crypto', tEn)).toBe('crypto');
  });
});
