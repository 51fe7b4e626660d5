import type { ContactRules, Strategy } from './strategy';

// The standard strategy library (B5) a new tenant starts with; the `strategy` decision table of
// the standard rule library picks among `business-standard`, `consumer-gentle` and
// `key-account-personal`. Costs are indicative (postage, SMS, a collector's call) in the case
// currency; no step charges a fee, since what may be charged depends on the country.

const BUSINESS_R3_SCRIPT =
  'Introduce yourself and the creditor. Confirm you speak to the person in charge of payments. ' +
  'Name the overdue invoices and the total. Ask when payment will be made and note the promised ' +
  'date and amount. If the debtor disputes an invoice, record the reason and the items concerned.';

const KEY_ACCOUNT_SCRIPT_1 =
  'Courtesy call from the account manager: check the invoices were received and approved, and ' +
  'whether anything blocks payment (purchase order, delivery, contact person). Agree a payment date.';

const KEY_ACCOUNT_SCRIPT_2 =
  'Second call: remind the date agreed, escalate to the finance manager if it was missed, offer a ' +
  'payment plan if cash is the issue. Note any promise.';

const BUSINESS_STANDARD: Strategy = {
  id: 'business-standard',
  name: 'Business standard',
  mode: 'account',
  minimumAmount: '10.00',
  includeUnmaturedCreditNotes: true,
  thankYouTemplate: 'thank-you',
  challengers: [{ strategy: 'business-standard-b', share: 20 }],
  steps: [
    {
      id: 'prevention',
      level: 'prevention',
      offsetDays: -5,
      from: 'due',
      channels: ['email'],
      template: 'business-prevention',
    },
    { id: 'R1', level: 'R1', offsetDays: 3, from: 'due', channels: ['email'], template: 'business-r1' },
    {
      id: 'R2',
      level: 'R2',
      offsetDays: 15,
      from: 'due',
      channels: ['email', 'letter'],
      template: 'business-r2',
      cost: '1.50',
    },
    {
      id: 'R3',
      level: 'R3',
      offsetDays: 30,
      from: 'due',
      channels: ['letter', 'phone'],
      template: 'business-r3',
      cost: '6.50',
      script: BUSINESS_R3_SCRIPT,
    },
    {
      id: 'final',
      level: 'final',
      offsetDays: 45,
      from: 'due',
      channels: ['letter'],
      template: 'business-final',
      cost: '6.00',
    },
    // No message of its own (no channel, so the template is never rendered): the final notice
    // announced it; the plan hands the case over to legal.
    {
      id: 'legal',
      level: 'final',
      offsetDays: 60,
      from: 'due',
      channels: [],
      template: 'business-final',
      after: 'legal',
    },
  ],
};

/** The challenger: a first reminder two days earlier, by SMS as well as email. */
const { challengers: _champion, ...BUSINESS_STANDARD_BASE } = BUSINESS_STANDARD;
const BUSINESS_STANDARD_B: Strategy = {
  ...BUSINESS_STANDARD_BASE,
  id: 'business-standard-b',
  name: 'Business standard (challenger: early SMS)',
  steps: BUSINESS_STANDARD.steps.map((step) =>
    step.id === 'R1' ? { ...step, offsetDays: 1, channels: ['sms', 'email'], cost: '0.08' } : step,
  ),
};

const CONSUMER_GENTLE: Strategy = {
  id: 'consumer-gentle',
  name: 'Consumer gentle',
  mode: 'account',
  minimumAmount: '5.00',
  includeUnmaturedCreditNotes: true,
  thankYouTemplate: 'thank-you',
  steps: [
    {
      id: 'R1',
      level: 'R1',
      offsetDays: 7,
      from: 'due',
      channels: ['sms', 'email'],
      template: 'consumer-reminder-1',
      cost: '0.08',
    },
    {
      id: 'R2',
      level: 'R2',
      offsetDays: 14,
      from: 'previous',
      channels: ['sms', 'email'],
      template: 'consumer-reminder-2',
      cost: '0.08',
    },
    {
      id: 'final',
      level: 'final',
      offsetDays: 15,
      from: 'previous',
      channels: ['letter', 'email'],
      template: 'consumer-final',
      cost: '1.50',
    },
    {
      id: 'agency',
      level: 'final',
      offsetDays: 30,
      from: 'previous',
      channels: [],
      template: 'consumer-final',
      after: 'agency',
    },
  ],
};

const KEY_ACCOUNT_PERSONAL: Strategy = {
  id: 'key-account-personal',
  name: 'Key account, personal',
  mode: 'item',
  minimumAmount: '0.01',
  thankYouTemplate: 'thank-you',
  steps: [
    {
      id: 'call-1',
      level: 'R1',
      offsetDays: 5,
      from: 'due',
      channels: ['phone'],
      template: 'key-account-call',
      script: KEY_ACCOUNT_SCRIPT_1,
      cost: '4.00',
    },
    {
      id: 'call-2',
      level: 'R2',
      offsetDays: 10,
      from: 'previous',
      channels: ['phone'],
      template: 'key-account-call',
      script: KEY_ACCOUNT_SCRIPT_2,
      cost: '4.00',
    },
    {
      id: 'letter',
      level: 'R3',
      offsetDays: 10,
      from: 'previous',
      channels: ['letter', 'email'],
      template: 'key-account-letter',
      cost: '1.50',
    },
  ],
};

export const STANDARD_STRATEGIES: readonly Strategy[] = [
  BUSINESS_STANDARD,
  BUSINESS_STANDARD_B,
  CONSUMER_GENTLE,
  KEY_ACCOUNT_PERSONAL,
];

/** L6 defaults: quiet 20:00–08:00 and on Sundays in the debtor's zone; caps per 7 days. */
export const STANDARD_CONTACT_RULES: ContactRules = {
  quietHours: { from: '20:00', to: '08:00' },
  quietDays: [7],
  caps: [
    { channel: 'phone', customerType: 'consumer', max: 7, days: 7 },
    { channel: 'sms', customerType: 'consumer', max: 3, days: 7 },
    { channel: 'email', max: 3, days: 7 },
  ],
  defaultTimeZone: 'Europe/Paris',
};
