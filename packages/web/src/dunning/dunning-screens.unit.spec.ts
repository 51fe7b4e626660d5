import type { ChronoEntry } from '@quittance/api-contract';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import { activeStops, caseVariant, pendingOverride } from './case-dunning-model';
import {
  actionStatusName,
  dayLabel,
  formatInterval,
  formatShare,
  levelName,
  smsLength,
} from './dunning.labels';
import type { DunningAction, RunAction, VariantReport } from './dunning.types';
import { countByStatus, withCurrentStatus } from './run-model';
import { issueLine, lineRange, templateIssues } from './template-model';
import { MIN_CASES_TO_COMPARE, variantFamilies } from './variants-model';

const tEn: Translate = (key, params) => translate(en, key, params);
const tFr: Translate = (key, params) => translate(fr, key, params);

describe('labels', () => {
  it('names days from the due date in each language', () => {
    expect([dayLabel(15, tEn), dayLabel(-5, tEn), dayLabel(0, tEn)]).toEqual(['D+15', 'D−5', 'Due']);
    expect([dayLabel(15, tFr), dayLabel(-5, tFr), dayLabel(0, tFr)]).toEqual(['J+15', 'J−5', 'Échéance']);
  });

  it('names levels and statuses, and leaves unknown codes as they are', () => {
    expect(levelName('final', tFr)).toBe('Mise en demeure');
    expect(levelName('R9', tEn)).toBe('R9');
    expect(actionStatusName('postponed', tFr)).toBe('Reporté');
    expect(actionStatusName('sent', tFr)).toBe('Envoyé');
    expect(actionStatusName('bounced', tEn)).toBe('bounced');
  });

  it('formats shares and intervals in the locale', () => {
    expect(formatShare('0.423100', 'en-GB')).toBe('42.3%');
    expect(formatShare(0.5, 'fr-FR')).toBe('50,0\u00a0%');
    expect(formatInterval({ low: 0.1, high: 0.25 }, (n) => formatShare(n, 'en-GB'))).toBe('10.0% – 25.0%');
    expect(formatInterval(null, String)).toBeNull();
  });

  it('counts an SMS in GSM characters or in UCS-2 units, and its parts', () => {
    expect(smsLength('Pay 12 EUR now')).toEqual({ characters: 14, encoding: 'gsm', parts: 1 });
    expect(smsLength('€5 [x]')).toEqual({ characters: 9, encoding: 'gsm', parts: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ characters: 161, encoding: 'gsm', parts: 2 });
    expect(smsLength('Réglez 89,90 € – merci')).toEqual({ characters: 22, encoding: 'ucs2', parts: 1 });
    expect(smsLength('–'.repeat(71)).parts).toBe(2);
  });
});

describe('template errors', () => {
  it('reads the line of a template issue', () => {
    expect(issueLine('business-r1/en.md:12')).toBe(12);
    expect(issueLine('business-r1/en.md')).toBeNull();
    expect(issueLine(undefined)).toBeNull();
  });

  it('turns a 422 answer into issues with their lines, and nothing else', () => {
    const problem = {
      type: 'about:blank',
      title: 'Unprocessable content',
      status: 422,
      detail: 'subject: output "{{ foo" not closed',
      issues: [{ path: 'business-r1/en.md:2', message: 'subject: output "{{ foo" not closed' }],
    };
    expect(templateIssues(new ApiError(422, problem))).toEqual([
      { line: 2, message: 'subject: output "{{ foo" not closed' },
    ]);
    expect(templateIssues(new ApiError(422, { ...problem, issues: [] }))).toEqual([
      { line: null, message: 'subject: output "{{ foo" not closed' },
    ]);
    expect(templateIssues(new ApiError(500, null))).toBeNull();
    expect(templateIssues(new Error('x'))).toBeNull();
  });

  it('finds a line in the text, to select it', () => {
    const text = '---\nsubject: "x"\n---\nbody';
    expect(lineRange(text, 1)).toEqual({ start: 0, end: 3 });
    expect(text.slice(lineRange(text, 2).start, lineRange(text, 2).end)).toBe('subject: "x"');
    expect(lineRange(text, 4)).toEqual({ start: 21, end: 25 });
    expect(lineRange(text, 9)).toEqual({ start: 25, end: 25 });
  });
});

const action = (over: Partial<DunningAction>): DunningAction => ({
  id: 'a',
  caseId: 'c',
  caseNumber: '2026-000002',
  customer: 'C002',
  runOn: '2026-11-20',
  strategy: 'consumer-gentle',
  variant: null,
  stepId: 'R1',
  level: 'R1',
  channel: 'email',
  status: 'requested',
  messageId: 'm1',
  documentId: 'd1',
  invoices: ['INV-24003'],
  total: '89.90',
  currency: 'EUR',
  cost: '0.08',
  postponedUntil: null,
  reason: null,
  ...over,
});

describe('the run', () => {
  const prepared: RunAction[] = [
    {
      case: '2026-000002',
      caseId: 'c',
      customer: 'C002',
      invoices: ['INV-24003'],
      strategy: 'consumer-gentle',
      step: 'R1',
      channel: 'email',
      status: 'requested',
      messageId: 'm1',
    },
    {
      case: '2026-000001',
      caseId: 'c1',
      customer: 'C001',
      invoices: ['INV-24001'],
      strategy: 'business-standard',
      step: 'legal',
      channel: 'none',
      status: 'handed-over',
      reason: 'handed over to legal',
    },
  ];

  it('shows each prepared action with its status now and its document', () => {
    const rows = withCurrentStatus(prepared, [action({ status: 'sent' })]);
    expect(rows.map((r) => [r.status, r.documentId, r.reason])).toEqual([
      ['sent', 'd1', null],
      ['handed-over', null, 'handed over to legal'],
    ]);
  });

  it('counts statuses, the known ones in their order', () => {
    const counts = countByStatus([
      { status: 'failed' },
      { status: 'sent' },
      { status: 'weird' },
      { status: 'sent' },
      { status: 'weird' },
    ]);
    expect([...counts]).toEqual([
      ['sent', 2],
      ['failed', 1],
      ['weird', 2],
    ]);
  });
});

const report = (variant: string, cases: number, currency = 'EUR'): VariantReport => ({
  variant,
  currency,
  cases,
  dunned: '100.00',
  recovered: '50.00',
  cost: '1.00',
  recoveryRate: '0.500000',
  recoveryRateCi: null,
  paidInFull: 0,
  paidInFullRate: 0,
  paidInFullCi: null,
  daysToPay: null,
  costPerUnitRecovered: '0.020000',
  costPerUnitRecoveredCi: null,
});

describe('champion/challenger', () => {
  const strategies = [
    {
      id: 'business-standard',
      name: 'Business standard',
      challengers: [{ strategy: 'business-standard-b', share: 20 }],
    },
    { id: 'business-standard-b', name: 'Business standard (challenger)' },
    { id: 'consumer-gentle', name: 'Consumer gentle' },
  ];

  it('groups variants by family, champion first, with their shares', () => {
    const families = variantFamilies(
      [report('business-standard-b', 40), report('consumer-gentle', 2), report('business-standard', 160)],
      strategies,
    );
    expect(families.map((f) => [f.family, f.reports.map((r) => r.variant), f.tooFew])).toEqual([
      ['business-standard', ['business-standard', 'business-standard-b'], false],
      ['consumer-gentle', ['consumer-gentle'], true],
    ]);
    expect(Object.fromEntries(families[0]?.shares ?? [])).toEqual({
      'business-standard': 80,
      'business-standard-b': 20,
    });
  });

  it('says when a variant has too few cases, and keeps currencies apart', () => {
    const [family] = variantFamilies(
      [report('business-standard', MIN_CASES_TO_COMPARE, 'CHF'), report('business-standard', 3, 'EUR')],
      strategies,
    );
    expect(family?.reports.map((r) => r.currency)).toEqual(['CHF', 'EUR']);
    expect(family?.tooFew).toBe(true);
  });

  it('reports a variant no strategy names under its own id', () => {
    expect(variantFamilies([report('retired-strategy', 50)], []).map((f) => [f.family, f.name])).toEqual([
      ['retired-strategy', null],
    ]);
  });
});

const chrono = (type: string, data: Record<string, unknown>, n: number): ChronoEntry => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  version: n,
  type,
  recordedAt: '2026-11-20T10:00:00Z',
  effectiveDate: null,
  actor: { kind: 'user', id: 'alice' },
  why: null,
  data,
  ledgerEntryId: null,
});

describe("the case's dunning state", () => {
  it('finds the variant of the running strategy', () => {
    const entries = [
      chrono('StrategyVariantAssigned', { strategy: 'business-standard', variant: 'business-standard-b' }, 2),
      chrono('StrategyStarted', { strategy: 'business-standard' }, 1),
    ];
    expect(caseVariant(entries, 'business-standard')).toBe('business-standard-b');
    expect(caseVariant(entries, 'consumer-gentle')).toBeNull();
    expect(caseVariant(entries, null)).toBeNull();
  });

  it('keeps the stops not resumed, newest reason first, and marks the ones past their end', () => {
    // Newest first, as the chrono lists them.
    const entries = [
      chrono('DunningStopped', { itemId: 'i2', reason: 'disputed', until: '2026-11-01' }, 5),
      chrono('DunningResumed', { itemId: 'i1' }, 4),
      chrono('DunningStopped', { itemId: 'i1', reason: 'promise', until: null }, 3),
      chrono('DunningStopped', { itemId: null, reason: 'called again', until: '2026-12-31' }, 2),
      chrono('DunningStopped', { itemId: null, reason: 'called', until: null }, 1),
    ];
    expect(activeStops(entries, '2026-11-20')).toEqual([
      { itemId: null, reason: 'called again', until: '2026-12-31', expired: false },
      { itemId: 'i2', reason: 'disputed', until: '2026-11-01', expired: true },
    ]);
    expect(
      activeStops([chrono('DunningResumed', { itemId: null }, 9), ...entries], '2026-11-20'),
    ).toHaveLength(1);
  });

  it('shows a level set by hand until a step has run', () => {
    const override = chrono('NextLevelOverridden', { level: 'R3', reason: 'ignored calls' }, 2);
    const step = chrono('DunningStepRun', { kind: 'step', stepId: 'R3' }, 3);
    const thanks = chrono('DunningStepRun', { kind: 'thank-you', stepId: 'thank-you' }, 3);
    expect(pendingOverride([override])).toEqual({ level: 'R3', reason: 'ignored calls' });
    expect(pendingOverride([thanks, override])).toEqual({ level: 'R3', reason: 'ignored calls' });
    expect(pendingOverride([step, override])).toBeNull();
    expect(pendingOverride([])).toBeNull();
  });
});
