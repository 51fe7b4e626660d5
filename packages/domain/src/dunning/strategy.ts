// Dunning strategies as rule-set data (PRODUCT.md C1–C16, issue 7). The types every part of
// dunning shares: the planner (domain), templates and letters, channels, the run (server), the
// editor (web).

import type { Expr } from '../rules/model';

export type DunningLevel = 'prevention' | 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'final' | 'thank-you';
export const DUNNING_LEVELS: readonly DunningLevel[] = [
  'prevention',
  'R1',
  'R2',
  'R3',
  'R4',
  'R5',
  'final',
  'thank-you',
];

export type StepChannel = 'email' | 'sms' | 'letter' | 'phone';

export type DunningStep = {
  /** Unique within the strategy: `prevention`, `R1`, `R2-letter`, … */
  readonly id: string;
  readonly level: DunningLevel;
  /**
   * Days from the due date of the oldest item the step chases (negative: before it is due,
   * for prevention), or from the day the previous step ran.
   */
  readonly offsetDays: number;
  readonly from: 'due' | 'previous';
  /** FEEL boolean over the case facts (docs/rules.md); absent means always. */
  readonly condition?: Expr;
  /** One step may go out on several channels at once (R2: email and letter). */
  readonly channels: readonly StepChannel[];
  /** Template id, rendered in the debtor's language (`business-r1` → en, fr, de, es, nl, it). */
  readonly template: string;
  /** What the step costs the creditor per case (postage, SMS), decimal in the case currency. */
  readonly cost?: string;
  /** A fee charged to the debtor when the step runs, decimal; never where the law forbids it. */
  readonly fee?: string;
  /** What happens once the step has run: keep waiting, or hand the case over. */
  readonly after?: 'wait' | 'legal' | 'agency';
  /** For a phone step: the collector's call script. */
  readonly script?: string;
};

export type Strategy = {
  readonly id: string;
  readonly name: string;
  /** `account`: one message per customer listing every due item at the highest level; `item`: per item. */
  readonly mode: 'account' | 'item';
  /** Nothing is chased while the total due is below this amount (decimal, case currency). */
  readonly minimumAmount: string;
  /** Credit notes not yet matured are listed (and deducted) in account-level messages (C11). */
  readonly includeUnmaturedCreditNotes?: boolean;
  /** Thank-you message template when the case is paid in full (C4); none if absent. */
  readonly thankYouTemplate?: string;
  readonly steps: readonly DunningStep[];
  /**
   * Champion/challenger (C2): share of cases (percent, 0–100) sent to each challenger strategy;
   * the rest stay on this one. The split is deterministic by case id.
   */
  readonly challengers?: readonly { readonly strategy: string; readonly share: number }[];
};

/** Contact rules (L6): when and how often a debtor may be contacted. */
export type ContactRules = {
  /** Local time in the debtor's time zone, `HH:MM`; actions in between are postponed to `to`. */
  readonly quietHours?: { readonly from: string; readonly to: string };
  /** Days of the week on which no action goes out (1 = Monday … 7 = Sunday). */
  readonly quietDays?: readonly number[];
  /** At most `max` actions on `channel` in `days` days for this kind of debtor. */
  readonly caps?: readonly {
    readonly channel: StepChannel;
    readonly customerType?: 'business' | 'consumer';
    readonly max: number;
    readonly days: number;
  }[];
  /** The time zone used when the debtor's is unknown (IANA, e.g. `Europe/Paris`). */
  readonly defaultTimeZone: string;
};
