import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import type { Translate } from '../i18n/i18n-context';
import { translate } from '../i18n/messages';
import { approvalErrorMessage, planStatusName, promiseStatusName, statusTone } from './agreements.labels';
import type { ForecastWeek, OpenItem, PlanDto } from './agreements.types';
import { queryString } from './agreements.types';
import { addDays, disputeRequest, promiseRequest, resolveRequest, waiverRequest } from './case-forms-model';
import { chartGeometry, niceCeiling } from './forecast-model';
import {
  initialPlanForm,
  installmentProgress,
  nextMonthStart,
  outstandingOf,
  planRequest,
  scheduleBalances,
  scheduleSum,
  shareOf,
  sortPlans,
} from './plan-model';

const tEn: Translate = (key, params) => translate(en, key, params);
const tFr: Translate = (key, params) => translate(fr, key, params);

const items: OpenItem[] = [
  { itemId: 'a', number: 'INV-24001', dueDate: '2024-12-04', outstanding: '1250.00' },
  { itemId: 'b', number: 'INV-24002', dueDate: '2025-01-01', outstanding: '480.50' },
  { itemId: 'c', number: 'AV-24001', dueDate: '2024-12-10', outstanding: '-120.00' },
];

describe('plan form', () => {
  it('starts with three monthly installments from the first of next month', () => {
    const form = initialPlanForm('2026-11-20');
    expect(form.firstDate).toBe('2026-12-01');
    expect(nextMonthStart('2026-12-31')).toBe('2027-01-01');
    const checked = planRequest(form, 2);
    expect(checked).toEqual({
      ok: true,
      request: {
        includeCharges: true,
        terms: { installments: 3, periodicity: 'monthly', firstDate: '2026-12-01', graceDays: 5 },
      },
    });
  });

  it('reads amounts as the user types them and sends only what is set', () => {
    const form = {
      ...initialPlanForm('2026-11-20', ['a', 'b']),
      downPayment: '1 000,5',
      downPaymentDate: '2026-11-25',
      annualRate: '4,5',
      fee: '25',
      accelerateOnBreach: true,
    };
    const checked = planRequest(form, 2);
    expect(checked.ok && checked.request).toEqual({
      itemIds: ['a', 'b'],
      includeCharges: true,
      terms: {
        installments: 3,
        periodicity: 'monthly',
        firstDate: '2026-12-01',
        downPayment: '1000.50',
        downPaymentDate: '2026-11-25',
        annualRate: '4.5',
        fee: '25.00',
        graceDays: 5,
        accelerateOnBreach: true,
      },
    });
  });

  it('says what is wrong with each field and sends nothing', () => {
    const form = {
      ...initialPlanForm('2026-11-20'),
      installments: '0',
      firstDate: '2026-02-30',
      fee: '-3',
      annualRate: 'four',
      graceDays: '1.5',
    };
    expect(planRequest(form, 2)).toEqual({
      ok: false,
      problems: {
        installments: 'count',
        firstDate: 'date',
        fee: 'amount',
        annualRate: 'rate',
        graceDays: 'days',
      },
    });
    expect(planRequest({ ...form, installments: '' }, 2)).toMatchObject({
      problems: { installments: 'required' },
    });
  });
});

describe('sums', () => {
  it('adds the outstanding of the chosen items exactly, all open items when none is chosen', () => {
    expect(outstandingOf(items, [])).toBe('1610.50');
    expect(outstandingOf(items, ['b'])).toBe('480.50');
    expect(outstandingOf([], [])).toBe('0');
  });

  it('checks that a schedule adds up to its total to the cent', () => {
    const lines = [{ amount: '536.84' }, { amount: '536.83' }, { amount: '536.83' }];
    expect(scheduleSum(lines)).toBe('1610.50');
    expect(scheduleBalances(lines, '1610.5')).toBe(true);
    expect(scheduleBalances(lines, '1610.51')).toBe(false);
  });

  it('computes a paid share without floats, clamped to 0..1', () => {
    expect(shareOf('536.83', '1610.50')).toBe(0.333);
    expect(shareOf('0.1', '0.3')).toBe(0.333);
    expect(shareOf('2000', '1000')).toBe(1);
    expect(shareOf('10', '0')).toBe(0);
  });
});

const plan = (id: string, status: PlanDto['status'], proposedOn: string): PlanDto =>
  ({ id, status, proposedOn, caseNumber: id, installments: [] }) as unknown as PlanDto;

describe('plans', () => {
  it('lists proposed plans first, then breached and active ones, newest first within', () => {
    const sorted = sortPlans([
      plan('old-active', 'active', '2026-01-01'),
      plan('completed', 'completed', '2026-11-01'),
      plan('proposed', 'proposed', '2026-10-01'),
      plan('new-active', 'active', '2026-11-01'),
      plan('breached', 'breached', '2026-02-01'),
    ]);
    expect(sorted.map((p) => p.id)).toEqual([
      'proposed',
      'breached',
      'new-active',
      'old-active',
      'completed',
    ]);
  });

  it('counts paid installments, leaving cancelled ones out', () => {
    const line = (state: string) => ({ state }) as PlanDto['installments'][number];
    expect(installmentProgress([line('paid'), line('late'), line('cancelled'), line('upcoming')])).toEqual({
      paid: 1,
      of: 3,
    });
  });
});

describe('case forms', () => {
  it('adds calendar days across month and year ends', () => {
    expect(addDays('2026-11-20', 7)).toBe('2026-11-27');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
  });

  it('takes a promise from a call task with its items', () => {
    const checked = promiseRequest(
      {
        itemIds: ['a'],
        amount: '1250',
        promisedFor: '2026-11-27',
        channel: 'phone',
        graceDays: '3',
        note: ' after payday ',
        taskId: 'task-1',
      },
      2,
    );
    expect(checked).toEqual({
      ok: true,
      request: {
        amount: '1250.00',
        promisedFor: '2026-11-27',
        channel: 'phone',
        itemIds: ['a'],
        graceDays: 3,
        note: 'after payday',
        taskId: 'task-1',
      },
    });
  });

  it('refuses a promise without an amount or date', () => {
    const checked = promiseRequest(
      { itemIds: [], amount: '', promisedFor: '', channel: 'email', graceDays: 'x', note: '', taskId: null },
      2,
    );
    expect(checked).toEqual({
      ok: false,
      problems: { amount: 'required', promisedFor: 'required', graceDays: 'days' },
    });
  });

  it('opens a dispute on the whole case when no item is chosen', () => {
    const form = {
      itemId: '',
      reasonCode: 'quality',
      amount: '',
      description: 'Broken',
      owner: '',
      deadline: '',
    };
    expect(disputeRequest(form, 2)).toEqual({
      ok: true,
      request: { itemId: null, reasonCode: 'quality', description: 'Broken' },
    });
    expect(disputeRequest({ ...form, description: ' ', reasonCode: '' }, 2)).toEqual({
      ok: false,
      problems: { reasonCode: 'required', description: 'required' },
    });
  });

  it('needs an amount and a reason to waive charges', () => {
    expect(waiverRequest({ component: 'fees', amount: '40', reason: 'goodwill' }, 2)).toEqual({
      ok: true,
      request: { component: 'fees', amount: '40.00', reason: 'goodwill' },
    });
    expect(waiverRequest({ component: 'fees', amount: '0', reason: '' }, 2)).toEqual({
      ok: false,
      problems: { amount: 'amount', reason: 'required' },
    });
  });

  it('sends a settlement only with an accepted dispute', () => {
    expect(
      resolveRequest(
        { outcome: 'rejected', settlement: 'credit_note', amount: '10', comment: 'No defect' },
        2,
      ),
    ).toEqual({ ok: true, request: { outcome: 'rejected', comment: 'No defect' } });
    expect(
      resolveRequest({ outcome: 'accepted', settlement: 'write_off', amount: '99.9', comment: 'ok' }, 2),
    ).toEqual({
      ok: true,
      request: { outcome: 'accepted', settlement: 'write_off', amount: '99.90', comment: 'ok' },
    });
  });
});

describe('forecast chart', () => {
  const week = (weekStart: string, promises: string, installments: string, habits: string): ForecastWeek => ({
    weekStart,
    promises,
    installments,
    habits,
    total: '0',
  });

  it('rounds the axis up to a readable top', () => {
    expect([
      niceCeiling(0),
      niceCeiling(7),
      niceCeiling(1610.5),
      niceCeiling(2400),
      niceCeiling(30000),
    ]).toEqual([1, 10, 2000, 2500, 50000]);
  });

  it('stacks promises, installments and habits bottom-up in proportion', () => {
    const geometry = chartGeometry(
      [week('2026-11-16', '500.00', '1000.00', '0.00'), week('2026-11-23', '0.00', '0.00', '250.00')],
      200,
      100,
    );
    expect(geometry.max).toBe(2000);
    expect(geometry.ticks).toEqual([0, 500, 1000, 1500, 2000]);
    const [first, second] = geometry.bars;
    expect(first?.segments.map((s) => [s.series, s.y, s.height])).toEqual([
      ['promises', 75, 25],
      ['installments', 25, 50],
    ]);
    expect(second?.segments.map((s) => [s.series, s.y, s.height])).toEqual([['habits', 87.5, 12.5]]);
    expect(second && first ? second.x - first.x : 0).toBe(100);
  });
});

describe('labels', () => {
  it('names statuses in each language and leaves unknown codes as they are', () => {
    expect(promiseStatusName('partly_kept', tEn)).toBe('Partly kept');
    expect(promiseStatusName('partly_kept', tFr)).toBe('Partiellement tenue');
    expect(planStatusName('proposed', tFr)).toBe('Proposé');
    expect(planStatusName('frozen', tEn)).toBe('frozen');
    expect([statusTone('broken'), statusTone('kept'), statusTone('proposed')]).toEqual([
      'fail',
      'pass',
      'pending',
    ]);
  });

  it('says a four-eyes refusal in words, anything else with the server detail', () => {
    const fourEyes = new ApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable',
      status: 422,
      detail: 'approver proposed the plan',
      code: 'four_eyes',
    });
    expect(approvalErrorMessage(fourEyes, tEn)).toBe('You proposed this plan: someone else must approve it.');
    const other = new ApiError(422, {
      type: 'about:blank',
      title: 'Bad',
      status: 422,
      detail: 'Plan is not proposed',
    });
    expect(approvalErrorMessage(other, tFr)).toBe('Plan is not proposed');
  });

  it('builds query strings from the filters that are set', () => {
    expect(queryString({ status: 'open', takenBy: '', caseId: null })).toBe('?status=open');
    expect(queryString({})).toBe('');
  });
});
