import type { VerificationReport } from '@quittance/api-contract';

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

/** The daily verification report as an accountant reads it in a terminal. */
export const renderVerificationReport = (r: VerificationReport): string =>
  [
    `Verification report as of ${r.asOf}${r.dryRun ? ' (dry run: nothing validated)' : ''}`,
    `  ${r.validated} entr${r.validated === 1 ? 'y' : 'ies'} ${r.dryRun ? 'ready to validate' : 'validated'}` +
      `, ${r.blocked.length} blocked, ${r.pendingAfterAsOf} dated after ${r.asOf}`,
    ...(r.journals.length ? ['Journals:'] : []),
    ...r.journals.map(
      (j) =>
        `  ${j.journal.padEnd(4)} ${j.label.padEnd(28)} ${String(j.entries).padStart(6)} entries  ` +
        j.totals.map((t) => `debit ${money(t.debit)} credit ${money(t.credit)}`).join('; '),
    ),
    ...(r.blocked.length ? ['Blocked:'] : []),
    ...r.blocked.map((b) => `  ${b.entryDate} case ${b.caseNumber} ${b.eventType} "${b.label}": ${b.reason}`),
  ].join('\n');
