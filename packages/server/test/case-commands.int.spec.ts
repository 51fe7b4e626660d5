import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@quittance/domain';
import { withTenant, type Tenant } from '../src/db/tenancy';
import { newId, openCase, registerParty, runCaseCommands } from '../src/application/cases.commands';
import { readStream } from '../src/event-store/event-store';
import { getCaseDetail, listCases } from '../src/read-models/case.queries';
import { getParty } from '../src/read-models/party.queries';
import {
  createTestDatabase,
  createTestTenant,
  databaseLabel,
  testContext,
  type TestDatabase,
} from './support/test-database';

let database: TestDatabase;
let tenant: Tenant;
let partyId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  tenant = await createTestTenant(database, 'cases');
  const party = await registerParty(testContext(database, tenant), {
    kind: 'organisation',
    reference: 'CUST-1',
    name: 'Müller & Söhne GmbH',
    customerType: 'business',
    country: 'DE',
    language: 'de',
    identifiers: [{ scheme: 'vat', value: 'DE123456789' }],
    addresses: [{ lines: ['Hauptstraße 1'], postalCode: '10115', city: 'Berlin', country: 'DE' }],
    contacts: [{ kind: 'email', value: 'buchhaltung@mueller.example', optOut: false }],
  });
  partyId = party.events[0]!.streamId;
});
afterAll(() => database.close());

const ctx = () => testContext(database, tenant);
const open = (customFields: Record<string, unknown> = {}) =>
  openCase(ctx(), {
    caseType: 'receivable_account',
    company: 'DE01',
    currency: 'EUR',
    debtorId: partyId,
    customFields,
  });

describe(`case commands on ${databaseLabel}`, () => {
  it('numbers cases per tenant and year, in sequence', async () => {
    const a = await open();
    const b = await open().catch((e: unknown) => e);
    // One open receivable account per customer, company and currency: the second is refused.
    expect((b as DomainError).code).toBe('case_already_exists');
    const number = (a.events[0]!.data as { number: string }).number;
    expect(number).toMatch(/^2026-\d{6}$/);
    const claim = await openCase(ctx(), {
      caseType: 'collection_claim',
      company: 'DE01',
      currency: 'EUR',
      debtorId: partyId,
      customFields: { clientReference: 'DOSSIER-9' },
    });
    const next = (claim.events[0]!.data as { number: string }).number;
    expect(Number(next.slice(5))).toBe(Number(number.slice(5)) + 1);
  });

  it('validates custom fields against the case type schema, naming the field', async () => {
    const error = await openCase(ctx(), {
      caseType: 'collection_claim',
      company: 'DE01',
      currency: 'EUR',
      debtorId: partyId,
      customFields: { claimNature: 'fraud', colour: 'red' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_custom_fields');
    expect((error as DomainError).message).toContain('clientReference');
    expect((error as DomainError).message).toContain('customFields.colour');
    expect((error as DomainError).message).toContain('customFields.claimNature');
  });

  it('retries a command that lost a race: two notes at once both land, at successive versions', async () => {
    const kase = await openCase(ctx(), {
      caseType: 'collection_claim',
      company: 'DE02',
      currency: 'EUR',
      debtorId: partyId,
      customFields: { clientReference: 'R-2' },
    });
    const caseId = kase.events[0]!.streamId;
    await Promise.all([
      runCaseCommands(ctx(), caseId, [{ type: 'AddNote', data: { noteId: newId(), text: 'first' } }]),
      runCaseCommands(ctx(), caseId, [{ type: 'AddNote', data: { noteId: newId(), text: 'second' } }]),
    ]);
    const events = await withTenant(database.db, tenant.id, (tx) => readStream(tx, caseId));
    const notes = events.filter((e) => e.type === 'NoteAdded').map((e) => (e.data as { text: string }).text);
    expect(notes.sort()).toEqual(['first', 'second']);
    expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
  });

  it('runs a case through items, phase, manager, archive and close, with the summary following', async () => {
    const kase = await openCase(ctx(), {
      caseType: 'receivable_account',
      company: 'DE03',
      currency: 'EUR',
      debtorId: partyId,
      customFields: { paymentTermsDays: 30 },
    });
    const caseId = kase.events[0]!.streamId;
    const item = (number: string, due: string, amount: string) => ({
      type: 'AddFinancialItem' as const,
      data: {
        itemId: newId(),
        number,
        issueDate: '2026-09-01',
        dueDate: due,
        amount: { amount, currency: 'EUR' },
      },
    });
    await runCaseCommands(ctx(), caseId, [
      item('R-1', '2026-10-01', '100.10'),
      item('R-2', '2026-12-31', '0.20'),
      item('G-1', '2026-09-01', '-0.05'),
      { type: 'ChangePhase', data: { phase: 'legal', reason: 'no answer' } },
      { type: 'AssignManager', data: { manager: 'Jonas Weber' } },
    ]);
    const detail = await withTenant(database.db, tenant.id, (tx) => getCaseDetail(tx, caseId, '2026-11-20'));
    expect(detail).toMatchObject({
      balance: { amount: '100.25', currency: 'EUR' },
      overdue: { amount: '100.05', currency: 'EUR' },
      oldestDueDate: '2026-10-01',
      daysPastDue: 50,
      phase: 'legal',
      manager: 'Jonas Weber',
    });
    expect(detail!.items.map((i) => [i.number, i.status])).toEqual([
      ['G-1', 'credit'],
      ['R-1', 'overdue'],
      ['R-2', 'not_due'],
    ]);

    await runCaseCommands(ctx(), caseId, [{ type: 'ArchiveCase', data: { reason: 'settled elsewhere' } }]);
    const visible = await withTenant(database.db, tenant.id, (tx) =>
      listCases(tx, { q: 'Müller' }, '2026-11-20'),
    );
    expect(visible.items.map((c) => c.id)).not.toContain(caseId);
    const all = await withTenant(database.db, tenant.id, (tx) =>
      listCases(tx, { q: 'Müller', archived: 'all' }, '2026-11-20'),
    );
    expect(all.items.map((c) => c.id)).toContain(caseId);

    await runCaseCommands(ctx(), caseId, [{ type: 'CloseCase', data: { reason: 'paid' } }]);
    const refused = await runCaseCommands(ctx(), caseId, [item('R-3', '2026-12-31', '5.00')]).catch(
      (e: unknown) => e,
    );
    expect((refused as DomainError).code).toBe('case_closed');
  });

  it('shows a party with all its cases and roles (the other cases in one click)', async () => {
    const party = await withTenant(database.db, tenant.id, (tx) => getParty(tx, partyId, '2026-11-20'));
    expect(party!.name).toBe('Müller & Söhne GmbH');
    expect(party!.cases.length).toBeGreaterThanOrEqual(3);
    expect(party!.cases.every((c) => c.role === 'debtor')).toBe(true);
  });

  it('refuses amicable collection fees to a French consumer, and allows them in the legal phase', async () => {
    const consumer = await registerParty(ctx(), {
      kind: 'person',
      reference: 'FR-CONSUMER-1',
      name: 'Martine Roux',
      customerType: 'consumer',
      country: 'FR',
      language: 'fr',
      identifiers: [],
      addresses: [],
      contacts: [],
    });
    const kase = await openCase(ctx(), {
      caseType: 'receivable_account',
      company: 'FR01',
      currency: 'EUR',
      debtorId: consumer.events[0]!.streamId,
      customFields: {},
    });
    const caseId = kase.events[0]!.streamId;
    const fee = (feeId: string) => ({
      type: 'ChargeFee' as const,
      data: {
        feeId,
        amount: { amount: '40.00', currency: 'EUR' },
        chargedOn: '2026-11-20',
        label: 'Reminder fee',
      },
    });
    const refused = await runCaseCommands(ctx(), caseId, [fee(newId())]).catch((e: unknown) => e);
    expect((refused as DomainError).code).toBe('fee_not_allowed');
    expect((refused as DomainError).message).toContain('L111-8');
    await runCaseCommands(ctx(), caseId, [
      { type: 'ChangePhase', data: { phase: 'legal', reason: 'title obtained' } },
    ]);
    const charged = await runCaseCommands(ctx(), caseId, [fee(newId())]);
    expect(charged.events.map((e) => e.type)).toEqual(['FeeCharged']);
  });

  it('refuses a case for a party that does not exist', async () => {
    const error = await openCase(ctx(), {
      caseType: 'receivable_account',
      company: 'DE01',
      currency: 'EUR',
      debtorId: newId(),
      customFields: {},
    }).catch((e: unknown) => e);
    expect((error as DomainError).code).toBe('party_not_found');
  });
});
