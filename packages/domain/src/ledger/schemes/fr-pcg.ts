import type { PostingScheme } from '../posting-scheme';

const VENTES = { code: 'VT', label: 'Ventes' } as const;
const BANQUE = { code: 'BQ', label: 'Banque' } as const;
const OD = { code: 'OD', label: 'Opérations diverses' } as const;

/**
 * French Plan comptable général (as amended by ANC 2022-06, years from 2025), for a creditor that
 * books its own receivables. Account numbers stay at the PCG level; a company that uses longer
 * numbers (411000, 51210000) copies the scheme and pads them.
 */
export const FR_PCG_SCHEME: PostingScheme = {
  code: 'fr-pcg',
  name: 'Plan comptable général (France)',
  locale: 'fr',
  accounts: {
    // Everything the debtor owes, whatever the component, is a customer receivable: one 411 with
    // the customer's auxiliary account. The component split (principal, interest, fees, costs)
    // stays in Quittance's sub-ledger; one label per account keeps the FEC consistent.
    principal: { account: '411', label: 'Clients', auxiliary: 'customer' },
    interest: { account: '411', label: 'Clients', auxiliary: 'customer' },
    fees: { account: '411', label: 'Clients', auxiliary: 'customer' },
    costs: { account: '411', label: 'Clients', auxiliary: 'customer' },
    // Cash received and not yet applied to an item: a debt to the customer until it is, kept off
    // 411 so that the 411 auxiliary balance is what is still owed, item by item.
    unallocated: {
      account: '4191',
      label: 'Clients - Avances et acomptes reçus',
      auxiliary: 'customer',
    },
    // Credit left over for the debtor (overpayment, credit note exceeding what is owed). 4197
    // rather than 4196, which the PCG reserves for deposits on returnable packaging.
    overpayment: { account: '4197', label: 'Clients - Autres avoirs', auxiliary: 'customer' },
    // Booked on the amount owed including VAT: the VAT recovery on a bad debt (4457) is made in
    // the ERP that booked the sale and its VAT.
    written_off: { account: '654', label: 'Pertes sur créances irrécouvrables', auxiliary: null },
    bank: { account: '512', label: 'Banques', auxiliary: null },
    // Imported invoices were already booked as sales (70x, 4457) by the ERP; crediting 70x again
    // would count the sale twice. A waiting account takes the counterpart and is cleared against
    // the ERP's entry by piece reference (transit reconciliation, E5).
    revenue: {
      account: '4718',
      label: 'Opérations en attente - factures importées',
      auxiliary: null,
    },
    // Late-payment interest on trade receivables is financial income.
    interest_income: { account: '7631', label: 'Revenus des créances commerciales', auxiliary: null },
    // Subdivisions of 708 "Produits des activités annexes": fees charged to the debtor, and costs
    // recharged to it (791 "Transferts de charges" no longer exists from 2025; recharges are
    // booked in 708).
    fee_income: { account: '70881', label: 'Frais de recouvrement facturés', auxiliary: null },
    cost_recharge: {
      account: '70882',
      label: 'Refacturation de frais de procédure',
      auxiliary: null,
    },
  },
  journals: {
    default: OD,
    byEventType: {
      FinancialItemAdded: VENTES,
      PaymentReceived: BANQUE,
      RefundIssued: BANQUE,
    },
  },
  labels: {
    FinancialItemAdded: 'Pièce {reference} {customerName} dossier {caseNumber}',
    PaymentReceived: 'Règlement {customerName} {reference}',
    PaymentAllocated: 'Imputation règlement {reference} {customerName}',
    AllocationCancelled: 'Annulation imputation {reference} {customerName}',
    FeeCharged: 'Frais de recouvrement {customerName} dossier {caseNumber}',
    RecoveryCostCharged: 'Frais de procédure {customerName} dossier {caseNumber}',
    InterestAccrued: 'Intérêts de retard {customerName} dossier {caseNumber}',
    BalanceAdjusted: 'Ajustement de solde {customerName} dossier {caseNumber}',
    AmountWrittenOff: 'Créance irrécouvrable {reference} {customerName}',
    RefundIssued: 'Remboursement {customerName} {reference}',
  },
  customerAuxiliary: { prefix: '411' },
};
