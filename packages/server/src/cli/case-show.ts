import type { CaseDetail, ChronoEntry } from '@quittance/api-contract';
import type { Tx } from '../db/tenancy';
import { findCaseIds, getCaseDetail, getChrono } from '../read-models/case.queries';

export type CaseShowResult = { cases: (CaseDetail & { chrono: ChronoEntry[] })[]; text: string };

/** Every case matching REF, with its chrono, as data and as text for a terminal. */
export const showCases = async (tx: Tx, reference: string, asOf: string): Promise<CaseShowResult> => {
  const cases: CaseShowResult['cases'] = [];
  for (const id of await findCaseIds(tx, reference)) {
    const detail = await getCaseDetail(tx, id, asOf);
    if (detail) cases.push({ ...detail, chrono: (await getChrono(tx, id)) ?? [] });
  }
  return { cases, text: cases.map(render).join('\n\n') };
};

const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

const render = (c: CaseShowResult['cases'][number]): string => {
  const lines = [
    `Case ${c.number} — ${c.debtor?.name ?? '(no debtor)'}${c.debtor?.reference ? ` [${c.debtor.reference}]` : ''}`,
    `  ${c.caseType}, company ${c.company.code} (${c.company.name}), ${c.currency}, phase ${c.phase}, ${c.status}` +
      `${c.archived ? ', archived' : ''}, manager ${c.manager ?? '—'}`,
    `  balance ${money(c.balance)}, overdue ${money(c.overdue)}, oldest due ${c.oldestDueDate ?? '—'}, ` +
      `${c.daysPastDue} days past due (as of ${c.asOf})`,
    'Parties:',
    ...c.parties.map(
      (p) =>
        `  ${p.role.padEnd(10)} ${p.name}${p.reference ? ` [${p.reference}]` : ''} — ${p.customerType}, ${p.country ?? '?'}, ` +
        `${p.language ?? '?'}${p.emails.length ? `, ${p.emails.join(', ')}` : ''}${p.phones.length ? `, ${p.phones.join(', ')}` : ''}`,
    ),
    'Items:',
    ...c.items.map(
      (i) =>
        `  ${i.number.padEnd(16)} ${i.kind.padEnd(11)} issued ${i.issueDate} due ${i.dueDate} ` +
        `${money(i.amount).padStart(16)} outstanding ${money(i.outstanding).padStart(16)} ${i.status}` +
        `${i.daysPastDue ? ` (${i.daysPastDue} d)` : ''}${i.structuredReference ? ` ref ${i.structuredReference}` : ''}`,
    ),
    'Chrono (newest first):',
    ...c.chrono.map(
      (e) =>
        `  ${e.recordedAt.slice(0, 16).replace('T', ' ')} ${e.type.padEnd(20)} by ${e.actor.kind}:${e.actor.id}${describe(e)}`,
    ),
  ];
  return lines.join('\n');
};

const describe = (e: ChronoEntry): string => {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'NoteAdded':
      return ` — ${String(d.text)}`;
    case 'FinancialItemAdded':
      return ` — ${String(d.number)} ${money(d.amount as { amount: string; currency: string })}`;
    case 'PhaseChanged':
      return ` — ${String(d.from)} → ${String(d.to)}`;
    case 'ManagerAssigned':
      return ` — ${String(d.manager)}`;
    default:
      return '';
  }
};
