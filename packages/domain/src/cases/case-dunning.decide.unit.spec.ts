import { describe, it } from 'vitest';
import { deciderSpec } from '../shared/decider.spec-helper';
import type { CaseCommand } from './case.commands';
import { decideCase } from './case.decide';
import type { CaseEvent } from './case.events';
import { evolveCase, initialCaseState, type CaseState } from './case.state';

const { given } = deciderSpec<CaseCommand, CaseEvent, CaseState>({
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
});

const opened: CaseEvent[] = [
  {
    type: 'CaseOpened',
    data: {
      caseId: 'case-1',
      number: '2026-000001',
      caseType: 'receivable_account',
      company: { code: 'ACME', name: 'Acme' },
      currency: 'EUR',
      phase: 'amicable',
      customFields: {},
      openedOn: '2026-03-02',
    },
  },
  {
    type: 'FinancialItemAdded',
    data: {
      itemId: 'item-1',
      kind: 'invoice',
      number: 'INV-1',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      amount: { amount: '100.00', currency: 'EUR' },
      structuredReference: null,
    },
  },
];

const step = {
  kind: 'step' as const,
  strategy: 'business-standard',
  variant: null,
  stepId: 'R1',
  level: 'R1' as const,
  channels: ['email' as const],
  itemIds: ['item-1'],
  invoices: ['INV-1'],
  total: { amount: '100.00', currency: 'EUR' },
  cost: '0.085',
  runOn: '2026-04-03',
};
const stepRun: CaseEvent = { type: 'DunningStepRun', data: step };
const requested: CaseEvent = {
  type: 'MessageRequested',
  data: {
    messageId: 'm-1',
    template: 'business-r1',
    channel: 'email',
    requestedOn: '2026-04-03',
    stepId: 'R1',
  },
};

describe('dunning on a case', () => {
  it('records a step once per step and day', () => {
    given(opened).when({ type: 'RecordDunningStep', data: step }).then([stepRun]);
    given([...opened, stepRun])
      .when({ type: 'RecordDunningStep', data: step })
      .then([]);
    given([...opened, stepRun])
      .when({ type: 'RecordDunningStep', data: { ...step, runOn: '2026-04-04' } })
      .then([{ type: 'DunningStepRun', data: { ...step, runOn: '2026-04-04' } }]);
  });
  it('records the hand-over beside the step it follows, on the same day, once', () => {
    const handOver = { ...step, kind: 'hand-over' as const, channels: [] };
    given([...opened, stepRun])
      .when({ type: 'RecordDunningStep', data: handOver })
      .then([{ type: 'DunningStepRun', data: handOver }]);
    given([...opened, stepRun, { type: 'DunningStepRun', data: handOver }])
      .when({ type: 'RecordDunningStep', data: handOver })
      .then([]);
  });
  it('refuses a step listing an item the case does not have', () => {
    given(opened)
      .when({ type: 'RecordDunningStep', data: { ...step, itemIds: ['other'] } })
      .thenThrows('item_not_found');
  });
  it('records a message sent once, only for a message that was requested, with its channel', () => {
    const sent = {
      messageId: 'm-1',
      providerId: '<abc@smtp>',
      to: 'compta@example.fr',
      sentAt: '2026-04-03T09:00:00Z',
    };
    given([...opened, requested])
      .when({ type: 'RecordMessageSent', data: sent })
      .then([{ type: 'MessageSent', data: { ...sent, channel: 'email' } }]);
    given([...opened, requested, { type: 'MessageSent', data: { ...sent, channel: 'email' } }])
      .when({ type: 'RecordMessageSent', data: sent })
      .then([]);
    given(opened).when({ type: 'RecordMessageSent', data: sent }).thenThrows('message_not_found');
  });
  it('a bounce after the message was sent records the failure', () => {
    const sent: CaseEvent = {
      type: 'MessageSent',
      data: {
        messageId: 'm-1',
        channel: 'email',
        providerId: '<x@y>',
        to: 'a@b.example',
        sentAt: '2026-04-03T09:00:00Z',
      },
    };
    const bounce = {
      messageId: 'm-1',
      reason: '5.1.1 user unknown',
      permanent: true,
      failedAt: '2026-04-03T09:05:00Z',
    };
    given([...opened, requested, sent])
      .when({ type: 'RecordMessageFailed', data: bounce })
      .then([{ type: 'MessageFailed', data: { ...bounce, channel: 'email' } }]);
  });
  it('a failure after a failure records nothing; a send after a failure (retry) is recorded', () => {
    const failed: CaseEvent = {
      type: 'MessageFailed',
      data: {
        messageId: 'm-1',
        channel: 'email',
        reason: '550 5.1.1 unknown user',
        permanent: true,
        failedAt: '2026-04-03T09:00:00Z',
      },
    };
    given([...opened, requested, failed])
      .when({
        type: 'RecordMessageFailed',
        data: { messageId: 'm-1', reason: 'again', permanent: true, failedAt: '2026-04-03T10:00:00Z' },
      })
      .then([]);
    given([...opened, requested, failed])
      .when({
        type: 'RecordMessageSent',
        data: { messageId: 'm-1', providerId: null, to: null, sentAt: '2026-04-04T09:00:00Z' },
      })
      .then([
        {
          type: 'MessageSent',
          data: {
            messageId: 'm-1',
            channel: 'email',
            providerId: null,
            to: null,
            sentAt: '2026-04-04T09:00:00Z',
          },
        },
      ]);
  });
  it('assigns a champion/challenger variant once and never changes it', () => {
    const assigned: CaseEvent = {
      type: 'StrategyVariantAssigned',
      data: { strategy: 'business-standard', variant: 'business-standard-b' },
    };
    given(opened)
      .when({
        type: 'AssignStrategyVariant',
        data: { strategy: 'business-standard', variant: 'business-standard-b' },
      })
      .then([assigned]);
    given([...opened, assigned])
      .when({
        type: 'AssignStrategyVariant',
        data: { strategy: 'business-standard', variant: 'business-standard' },
      })
      .thenThrows('validation_failed');
  });
  it('stops dunning for an item with a reason and an end date, and resumes it', () => {
    given(opened)
      .when({
        type: 'StopDunning',
        data: { itemId: 'item-1', reason: 'customer on holiday', until: '2026-05-01' },
      })
      .then([
        {
          type: 'DunningStopped',
          data: { itemId: 'item-1', reason: 'customer on holiday', until: '2026-05-01' },
        },
      ]);
    given(opened)
      .when({ type: 'StopDunning', data: { itemId: null, reason: ' ', until: null } })
      .thenThrows('validation_failed');
    given(opened)
      .when({ type: 'ResumeDunning', data: { itemId: null } })
      .then([]);
    given([...opened, { type: 'DunningStopped', data: { itemId: null, reason: 'lawyer', until: null } }])
      .when({ type: 'ResumeDunning', data: { itemId: null } })
      .then([{ type: 'DunningResumed', data: { itemId: null } }]);
  });
});
