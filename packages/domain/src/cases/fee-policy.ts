import type { Phase } from './case.events';

export type FeeDebtor = { readonly country: string | null; readonly customerType: 'business' | 'consumer' };

/**
 * Whether collection fees or costs may be charged to this debtor now; the reason when not.
 * France, L111-8 Code des procédures civiles d'exécution: the costs of recovery undertaken
 * without an enforceable title stay with the creditor — so a French consumer is never charged
 * amicable collection fees; once the case is in the legal phase, costs of acts the law
 * prescribes may be.
 */
export const feeRefusal = (debtor: FeeDebtor, phase: Phase): string | null => {
  if (debtor.country === 'FR' && debtor.customerType === 'consumer' && phase !== 'legal') {
    return 'L111-8 CPCE: amicable collection costs cannot be charged to a French consumer';
  }
  return null;
};
