import { describe, expect, it } from 'vitest';
import { feeRefusal } from './fee-policy';

describe('feeRefusal', () => {
  it('refuses amicable collection fees to a French consumer (L111-8 CPCE)', () => {
    expect(feeRefusal({ country: 'FR', customerType: 'consumer' }, 'amicable')).toContain('L111-8');
    expect(feeRefusal({ country: 'FR', customerType: 'consumer' }, 'default')).toContain('L111-8');
  });

  it('allows them in the legal phase, to businesses, and outside France', () => {
    expect(feeRefusal({ country: 'FR', customerType: 'consumer' }, 'legal')).toBeNull();
    expect(feeRefusal({ country: 'FR', customerType: 'business' }, 'amicable')).toBeNull();
    expect(feeRefusal({ country: 'DE', customerType: 'consumer' }, 'amicable')).toBeNull();
  });
});
