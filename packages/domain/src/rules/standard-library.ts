import { STANDARD_CONTACT_RULES, STANDARD_STRATEGIES } from '../dunning/standard-strategies';
import { RULE_SET_FORMAT, type JsonValue, type RuleSetDocument } from './model';

// The standard library (B5): the rule set every new tenant starts from, copies and adapts. It is
// written for a French/European credit manager collecting B2B and B2C receivables:
//
// - `segment` sorts the debtor (key account, business, small business, export, consumer);
// - `assignment` gives the case a portfolio and a manager by segment, balance, country and phase,
//   large balances going to a senior collector (B3);
// - `strategy` picks the dunning strategy of the segment (C1);
// - reactions assign new cases, start the dunning strategy once a case is overdue, blacklist a
//   debtor after a write-off (A12), restart dunning on a new address (A7), escalate overdue
//   tasks to the supervisor (B8) and ask for a call 14 days after an unpaid due date (B2);
// - tests pin each of them down; a tenant's change that breaks one cannot be published.
//
// Amounts are in the case currency; thresholds are the usual ones for a mid-size French creditor.

/** Countries collected by the domestic teams; everything else goes to the export desk. */
const FRENCH_DESK = '"FR","BE","LU","MC"';
const GERMAN_DESK = '"DE","AT","CH"';

/** A realistic case of the facts shape, overridden per test. */
const facts = (overrides: {
  readonly case?: { readonly [k: string]: JsonValue };
  readonly customer?: { readonly [k: string]: JsonValue };
  readonly today?: string;
}): { readonly [k: string]: JsonValue } => ({
  today: overrides.today ?? '2026-03-02',
  case: {
    id: 'c-0001',
    number: '2026-000123',
    type: 'invoice-collection',
    phase: 'amicable',
    company: 'QTC-FR',
    currency: 'EUR',
    manager: null,
    team: null,
    portfolio: null,
    strategy: null,
    openedOn: '2026-01-15',
    balance: '1850.40',
    principal: '1800.00',
    overdue: { amount: '1850.40', count: 2, oldestDueDate: '2026-01-31', daysPastDue: 30 },
    items: { open: 2, disputed: 0 },
    manualMode: false,
    blacklisted: false,
    outsourcedTo: null,
    daysSinceLastContact: null,
    daysSinceLastPayment: null,
    ...overrides.case,
  },
  customer: {
    reference: 'CUST-0042',
    name: 'Boulangerie Martin SARL',
    type: 'business',
    country: 'FR',
    language: 'fr',
    score: 62,
    ...overrides.customer,
  },
});

export const STANDARD_RULE_SET: RuleSetDocument = {
  format: RULE_SET_FORMAT,
  name: 'Standard library',
  description:
    'The default rules of a new tenant: segmentation, assignment, strategy choice, and the reactions ' +
    'of the case lifecycle (assignment, dunning start and restart, blacklist, escalation, timers).',
  strategies: STANDARD_STRATEGIES,
  contactRules: STANDARD_CONTACT_RULES,
  decisions: [
    {
      // Who the debtor is decides everything else. First match wins: key accounts before the
      // generic business rows, export before the domestic ones.
      id: 'segment',
      name: 'Customer segment',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'type', label: 'Customer type', expression: 'customer.type', typeRef: 'string' },
        { id: 'country', label: 'Country', expression: 'customer.country', typeRef: 'string' },
        { id: 'overdue', label: 'Overdue amount', expression: 'case.overdue.amount', typeRef: 'number' },
      ],
      outputs: [{ id: 'segment', name: 'segment', label: 'Segment', typeRef: 'string' }],
      rules: [
        {
          id: 'key-account',
          description: 'Large business debts are handled personally, wherever the customer is.',
          inputEntries: ['"business"', '-', '>= 50000'],
          outputEntries: ['"key-account"'],
        },
        {
          id: 'business-export',
          description: 'Businesses outside the French and German desks go to the export desk.',
          inputEntries: ['"business"', `not(${FRENCH_DESK},${GERMAN_DESK})`, '-'],
          outputEntries: ['"business-export"'],
        },
        {
          id: 'business',
          inputEntries: ['"business"', '-', '>= 5000'],
          outputEntries: ['"business"'],
        },
        {
          id: 'small-business',
          inputEntries: ['"business"', '-', '-'],
          outputEntries: ['"small-business"'],
        },
        {
          id: 'consumer-export',
          description: 'Consumers abroad: cross-border consumer collection has its own rules.',
          inputEntries: ['"consumer"', `not(${FRENCH_DESK},${GERMAN_DESK})`, '-'],
          outputEntries: ['"consumer-export"'],
        },
        {
          id: 'consumer',
          inputEntries: ['"consumer"', '-', '-'],
          outputEntries: ['"consumer"'],
        },
        {
          id: 'unclassified',
          description: 'Customer type unknown: someone must look at the customer record.',
          inputEntries: ['-', '-', '-'],
          outputEntries: ['"unclassified"'],
        },
      ],
    },
    {
      // Portfolio and manager (B3). Legal cases stay with the legal team whatever their size;
      // large balances go to a senior collector; then by language desk.
      id: 'assignment',
      name: 'Portfolio and manager',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'phase', label: 'Phase', expression: 'case.phase', typeRef: 'string' },
        { id: 'segment', label: 'Segment', expression: 'decisions.segment', typeRef: 'string' },
        { id: 'balance', label: 'Balance', expression: 'case.balance', typeRef: 'number' },
        { id: 'country', label: 'Country', expression: 'customer.country', typeRef: 'string' },
      ],
      outputs: [
        { id: 'portfolio', name: 'portfolio', label: 'Portfolio', typeRef: 'string' },
        { id: 'manager', name: 'manager', label: 'Manager', typeRef: 'string' },
      ],
      rules: [
        {
          id: 'legal',
          inputEntries: ['"legal"', '-', '-', '-'],
          outputEntries: ['"legal"', '"legal.team"'],
        },
        {
          id: 'large-balance',
          description: 'Above 100 000 a senior collector takes the case, whatever the segment.',
          inputEntries: ['-', '-', '>= 100000', '-'],
          outputEntries: ['"major-balances"', '"senior.collector"'],
        },
        {
          id: 'key-accounts',
          inputEntries: ['-', '"key-account"', '-', '-'],
          outputEntries: ['"key-accounts"', '"senior.collector"'],
        },
        {
          id: 'consumer-fr',
          inputEntries: ['-', '"consumer"', '-', FRENCH_DESK],
          outputEntries: ['"consumer-fr"', '"collector.fr"'],
        },
        {
          id: 'consumer-de',
          inputEntries: ['-', '"consumer"', '-', GERMAN_DESK],
          outputEntries: ['"consumer-de"', '"collector.de"'],
        },
        {
          id: 'business-fr',
          inputEntries: ['-', '-', '-', FRENCH_DESK],
          outputEntries: ['"business-fr"', '"collector.fr"'],
        },
        {
          id: 'business-de',
          inputEntries: ['-', '-', '-', GERMAN_DESK],
          outputEntries: ['"business-de"', '"collector.de"'],
        },
        {
          id: 'export',
          inputEntries: ['-', '-', '-', '-'],
          outputEntries: ['"export"', '"collector.export"'],
        },
      ],
    },
    {
      // The dunning strategy (C1): consumers get a gentler tone and longer delays (and the French
      // consumer rules on fees), key accounts a personal follow-up instead of letters.
      id: 'strategy',
      name: 'Dunning strategy',
      hitPolicy: 'FIRST',
      inputs: [
        { id: 'segment', label: 'Segment', expression: 'decisions.segment', typeRef: 'string' },
        { id: 'type', label: 'Customer type', expression: 'customer.type', typeRef: 'string' },
      ],
      outputs: [{ id: 'strategy', name: 'strategy', label: 'Strategy', typeRef: 'string' }],
      rules: [
        {
          id: 'key-account',
          inputEntries: ['"key-account"', '-'],
          outputEntries: ['"key-account-personal"'],
        },
        { id: 'consumer', inputEntries: ['-', '"consumer"'], outputEntries: ['"consumer-gentle"'] },
        { id: 'business', inputEntries: ['-', '-'], outputEntries: ['"business-standard"'] },
      ],
    },
  ],
  reactions: [
    {
      id: 'assign-new-case',
      name: 'Assign a new case to its portfolio and manager',
      description: 'The first invoice of a case makes it collectable: give it to the right desk.',
      on: ['FinancialItemAdded'],
      when: 'case.portfolio = null',
      then: [
        { type: 'assignPortfolio', portfolio: 'decisions.assignment.portfolio' },
        { type: 'assignManager', manager: 'decisions.assignment.manager' },
      ],
    },
    {
      id: 'start-strategy',
      name: 'Start dunning once the case is overdue',
      description:
        'Checked when an item is added (it may already be past due) and when a timer fires (the ' +
        'due+14 timer below), so a case never stays overdue without a strategy — in the amicable ' +
        'phases only: a case handed over to legal or an agency is not dunned again.',
      on: ['FinancialItemAdded', 'TimerFired'],
      when: 'case.strategy = null and case.overdue.amount > 0 and case.phase in ("prevention", "amicable")',
      then: [{ type: 'startStrategy', strategy: 'decisions.strategy' }],
    },
    {
      id: 'blacklist-on-write-off',
      name: 'Blacklist a debtor after a write-off',
      description: 'A written-off debt means no more credit for this customer (A12).',
      on: ['AmountWrittenOff'],
      then: [
        {
          type: 'setFlag',
          flag: 'blacklist',
          value: 'true',
          reason: '"Debt written off: " + event.data.reason',
        },
      ],
    },
    {
      id: 'new-address-restarts-dunning',
      name: 'Restart dunning on a new address',
      description:
        'Letters probably went to the old address (A7): restart the running strategy from its first ' +
        'step (or start the one of the segment) and have someone resend the last letter.',
      on: ['NoteAdded'],
      when: 'event.data.noteType = "new_address" and case.balance > 0',
      then: [
        {
          type: 'switchStrategy',
          strategy: 'if case.strategy != null then case.strategy else decisions.strategy',
        },
        {
          type: 'createTask',
          title: '"Check the new address and resend the last letter"',
          taskType: '"check-address"',
          dueInDays: '2',
        },
      ],
    },
    {
      id: 'escalate-overdue-task',
      name: 'Escalate an overdue task to the supervisor',
      description:
        'B8: an action past its deadline goes to the supervisor as a task of their own (messages go to debtors, not to staff).',
      on: ['TaskOverdue'],
      then: [
        {
          type: 'createTask',
          title: '"Overdue: " + event.data.title',
          taskType: '"escalation"',
          assignee: 'event.data.supervisor',
          dueInDays: '1',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'message-failed',
      name: 'A message that could not be delivered alerts the case manager',
      description:
        'C10: a bounce or a refused address means the debtor was not reached; the contact details need checking.',
      on: ['MessageFailed'],
      when: 'event.data.permanent = true',
      then: [
        {
          type: 'createTask',
          title:
            '"Check the contact details: " + event.data.channel + " not delivered (" + event.data.reason + ")"',
          taskType: '"contact-details"',
          dueInDays: '1',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'promise-broken',
      name: 'A broken promise brings the case back to dunning and asks for a call',
      description:
        'D9: the promise held the items out of dunning; once it is broken (or only partly kept) dunning resumes today and the collector calls.',
      on: ['PromiseToPayBroken', 'PromiseToPayPartlyKept'],
      then: [
        { type: 'setTimer', name: '"dunning"', at: 'today' },
        {
          type: 'createTask',
          title: '"Promise to pay not kept: call the debtor"',
          taskType: '"call"',
          dueInDays: '1',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'plan-breached',
      name: 'A breached payment plan brings the case back to dunning',
      description:
        'C18: the plan is cancelled; dunning resumes today on what is owed (accelerated where agreed).',
      on: ['PaymentPlanBreached'],
      then: [
        { type: 'setTimer', name: '"dunning"', at: 'today' },
        {
          type: 'createTask',
          title: '"Payment plan breached: " + event.data.reason',
          taskType: '"call"',
          dueInDays: '1',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'installment-late',
      name: 'A late installment alerts the case manager',
      description: 'D8: an installment still unpaid after the grace period.',
      on: ['InstallmentLate'],
      then: [
        {
          type: 'createTask',
          title: '"Installment due " + event.data.dueDate + " not paid"',
          taskType: '"call"',
          dueInDays: '2',
          priority: '"normal"',
        },
      ],
    },
    {
      id: 'direct-debit-returned',
      name: 'A returned direct debit alerts the case manager',
      description:
        'The bank took the installment back; the debtor must be contacted and the mandate checked.',
      on: ['DirectDebitReturned'],
      then: [
        {
          type: 'createTask',
          title: '"Direct debit returned (" + event.data.reason + "): contact the debtor"',
          taskType: '"direct-debit"',
          dueInDays: '1',
          priority: '"high"',
        },
      ],
    },
    {
      id: 'timer-due-plus-14',
      name: 'Follow up 14 days after an invoice due date',
      on: ['FinancialItemAdded'],
      when: 'event.data.kind = "invoice"',
      then: [{ type: 'setTimer', name: '"due+14"', at: 'date(event.data.dueDate) + duration("P14D")' }],
    },
    {
      id: 'call-after-due-plus-14',
      name: 'Call the debtor 14 days after the due date if still unpaid',
      on: ['TimerFired'],
      when: 'event.data.name = "due+14" and case.overdue.amount > 0',
      then: [
        {
          type: 'createTask',
          title: '"Call the debtor about the overdue invoices"',
          taskType: '"call"',
          dueInDays: '1',
        },
      ],
    },
  ],
  tests: [
    {
      name: 'an email that bounced asks the manager to check the contact details',
      given: {
        facts: { today: '2026-03-02', case: { manager: 'collector.fr' } },
        event: {
          type: 'MessageFailed',
          data: { messageId: 'm-1', channel: 'email', reason: 'bounced: 5.1.1', permanent: true },
        },
      },
      expect: {
        actions: [
          {
            type: 'createTask',
            title: 'Check the contact details: email not delivered (bounced: 5.1.1)',
            taskType: 'contact-details',
            assignee: null,
            due: '2026-03-03',
            priority: 'high',
          },
        ],
      },
    },
    {
      name: 'a broken promise resumes dunning today and asks for a call',
      given: {
        facts: { today: '2026-03-02', case: { manager: 'collector.fr' } },
        event: {
          type: 'PromiseToPayBroken',
          data: { promiseId: 'p-1', paid: { amount: '0.00', currency: 'EUR' }, on: '2026-03-02' },
        },
      },
      expect: {
        actions: [
          { type: 'setTimer', name: 'dunning', at: '2026-03-02' },
          {
            type: 'createTask',
            title: 'Promise to pay not kept: call the debtor',
            taskType: 'call',
            assignee: null,
            due: '2026-03-03',
            priority: 'high',
          },
        ],
      },
    },
    {
      name: 'a breached plan resumes dunning today',
      given: {
        facts: { today: '2026-05-10', case: { manager: 'collector.fr' } },
        event: {
          type: 'PaymentPlanBreached',
          data: { planId: 'pl-1', on: '2026-05-10', reason: 'installment 2 is 31 days late' },
        },
      },
      expect: {
        actions: [
          { type: 'setTimer', name: 'dunning', at: '2026-05-10' },
          {
            type: 'createTask',
            title: 'Payment plan breached: installment 2 is 31 days late',
            taskType: 'call',
            assignee: null,
            due: '2026-05-11',
            priority: 'high',
          },
        ],
      },
    },
    {
      name: 'a late installment asks for a call',
      given: {
        facts: { today: '2026-05-10', case: { manager: 'collector.fr' } },
        event: { type: 'InstallmentLate', data: { planId: 'pl-1', number: 2, dueDate: '2026-04-30' } },
      },
      expect: {
        actions: [
          {
            type: 'createTask',
            title: 'Installment due 2026-04-30 not paid',
            taskType: 'call',
            assignee: null,
            due: '2026-05-12',
            priority: 'normal',
          },
        ],
      },
    },
    {
      name: 'a returned direct debit asks to contact the debtor',
      given: {
        facts: { today: '2026-05-10', case: { manager: 'collector.fr' } },
        event: { type: 'DirectDebitReturned', data: { endToEndId: 'E2E-1', reason: 'AM04' } },
      },
      expect: {
        actions: [
          {
            type: 'createTask',
            title: 'Direct debit returned (AM04): contact the debtor',
            taskType: 'direct-debit',
            assignee: null,
            due: '2026-05-11',
            priority: 'high',
          },
        ],
      },
    },
    // --- decisions ----------------------------------------------------------------------------
    {
      name: 'small French business',
      given: { facts: facts({}) },
      expect: {
        decisions: {
          segment: 'small-business',
          assignment: { portfolio: 'business-fr', manager: 'collector.fr' },
          strategy: 'business-standard',
        },
      },
    },
    {
      name: 'big consumer debt goes to a senior collector',
      given: {
        facts: facts({
          case: { balance: '125000.00', overdue: { amount: '125000.00', count: 1, daysPastDue: 45 } },
          customer: { type: 'consumer', name: 'Jean Dupont', country: 'FR' },
        }),
      },
      expect: {
        decisions: {
          segment: 'consumer',
          assignment: { portfolio: 'major-balances', manager: 'senior.collector' },
          strategy: 'consumer-gentle',
        },
      },
    },
    {
      name: 'German key account',
      given: {
        facts: facts({
          case: { balance: '86000', overdue: { amount: '64000', count: 5, daysPastDue: 20 } },
          customer: { name: 'Müller Maschinenbau GmbH', country: 'DE', language: 'de' },
        }),
      },
      expect: {
        decisions: {
          segment: 'key-account',
          assignment: { portfolio: 'key-accounts', manager: 'senior.collector' },
          strategy: 'key-account-personal',
        },
      },
    },
    {
      name: 'Austrian consumer goes to the German desk',
      given: { facts: facts({ customer: { type: 'consumer', country: 'AT', language: 'de' } }) },
      expect: {
        decisions: {
          segment: 'consumer',
          assignment: { portfolio: 'consumer-de', manager: 'collector.de' },
          strategy: 'consumer-gentle',
        },
      },
    },
    {
      name: 'Spanish business goes to the export desk',
      given: { facts: facts({ case: { balance: '9000' }, customer: { country: 'ES', language: 'es' } }) },
      expect: {
        decisions: {
          segment: 'business-export',
          assignment: { portfolio: 'export', manager: 'collector.export' },
          strategy: 'business-standard',
        },
      },
    },
    {
      name: 'legal cases stay with the legal team',
      given: { facts: facts({ case: { phase: 'legal', balance: '250000' } }) },
      expect: { decisions: { assignment: { portfolio: 'legal', manager: 'legal.team' } } },
    },
    // --- reactions ----------------------------------------------------------------------------
    {
      name: 'first invoice: assign, start dunning, set the due+14 timer',
      given: {
        facts: facts({}),
        event: {
          type: 'FinancialItemAdded',
          data: { kind: 'invoice', number: 'F-2026-0117', issueDate: '2026-01-01', dueDate: '2026-01-31' },
        },
      },
      expect: {
        actions: [
          { type: 'assignPortfolio', portfolio: 'business-fr' },
          { type: 'assignManager', manager: 'collector.fr' },
          { type: 'startStrategy', strategy: 'business-standard' },
          { type: 'setTimer', name: 'due+14', at: '2026-02-14' },
        ],
      },
    },
    {
      name: 'an invoice not yet due on an assigned case only sets the timer',
      given: {
        facts: facts({
          case: {
            portfolio: 'business-fr',
            manager: 'collector.fr',
            overdue: { amount: 0, count: 0, oldestDueDate: null, daysPastDue: 0 },
          },
        }),
        event: { type: 'FinancialItemAdded', data: { kind: 'invoice', dueDate: '2026-04-30' } },
      },
      expect: { actions: [{ type: 'setTimer', name: 'due+14', at: '2026-05-14' }] },
    },
    {
      name: 'write-off blacklists the debtor',
      given: {
        facts: facts({ case: { strategy: 'business-standard', portfolio: 'business-fr' } }),
        event: { type: 'AmountWrittenOff', data: { reason: 'insolvency closed', component: 'principal' } },
      },
      expect: {
        actions: [
          { type: 'setFlag', flag: 'blacklist', value: true, reason: 'Debt written off: insolvency closed' },
        ],
      },
    },
    {
      name: 'new address restarts the running strategy',
      given: {
        facts: facts({ case: { strategy: 'consumer-gentle', portfolio: 'consumer-fr' } }),
        event: { type: 'NoteAdded', data: { noteType: 'new_address', text: '12 rue des Lilas, 69003 Lyon' } },
      },
      expect: {
        actions: [
          { type: 'switchStrategy', strategy: 'consumer-gentle' },
          {
            type: 'createTask',
            title: 'Check the new address and resend the last letter',
            taskType: 'check-address',
            assignee: null,
            due: '2026-03-04',
            priority: 'normal',
          },
        ],
      },
    },
    {
      name: 'an ordinary note changes nothing',
      given: {
        facts: facts({ case: { strategy: 'business-standard', portfolio: 'business-fr' } }),
        event: { type: 'NoteAdded', data: { noteType: 'call', text: 'Promised to call back on Monday' } },
      },
      expect: { actions: [] },
    },
    {
      name: 'overdue task goes to the supervisor',
      given: {
        facts: facts({
          case: { strategy: 'business-standard', portfolio: 'business-fr', manager: 'collector.fr' },
        }),
        event: {
          type: 'TaskOverdue',
          data: {
            taskId: 't-77',
            title: 'Call the debtor about the overdue invoices',
            assignee: 'collector.fr',
            due: '2026-02-27',
            supervisor: 'head.collection',
          },
        },
      },
      expect: {
        actions: [
          {
            type: 'createTask',
            title: 'Overdue: Call the debtor about the overdue invoices',
            taskType: 'escalation',
            assignee: 'head.collection',
            due: '2026-03-03',
            priority: 'high',
          },
        ],
      },
    },
    {
      name: 'due+14 timer on an unpaid case asks for a call',
      given: {
        facts: facts({ case: { strategy: 'business-standard', portfolio: 'business-fr' } }),
        event: { type: 'TimerFired', data: { name: 'due+14', at: '2026-02-14' } },
      },
      expect: {
        actions: [
          {
            type: 'createTask',
            title: 'Call the debtor about the overdue invoices',
            taskType: 'call',
            assignee: null,
            due: '2026-03-03',
            priority: 'normal',
          },
        ],
      },
    },
    {
      name: 'due+14 timer on a paid case does nothing',
      given: {
        facts: facts({
          case: {
            strategy: 'business-standard',
            portfolio: 'business-fr',
            balance: 0,
            overdue: { amount: 0, count: 0, oldestDueDate: null, daysPastDue: 0 },
          },
        }),
        event: { type: 'TimerFired', data: { name: 'due+14' } },
      },
      expect: { actions: [] },
    },
  ],
};
