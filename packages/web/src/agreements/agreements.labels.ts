import { ApiError } from '../api/client';
import type { Translate } from '../i18n/i18n-context';
import { errorMessage } from '../ui/states';
import {
  CHANNELS,
  DEBIT_STATUSES,
  DISPUTE_STATUSES,
  INSTALLMENT_STATES,
  PERIODICITIES,
  PLAN_STATUSES,
  PROMISE_STATUSES,
  WAIVER_COMPONENTS,
  type Channel,
  type DebitStatus,
  type DisputeStatus,
  type InstallmentState,
  type Periodicity,
  type PlanStatus,
  type PromiseStatus,
  type WaiverComponent,
} from './agreements.types';
import type { PlanProblem } from './plan-model';

// Words for the agreements' codes. A code this UI does not know is shown as it is.

const known = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function channelName(channel: string, t: Translate): string {
  return known<Channel>(CHANNELS, channel) ? t(`agreements.channel.${channel}`) : channel;
}

export function promiseStatusName(status: string, t: Translate): string {
  return known<PromiseStatus>(PROMISE_STATUSES, status) ? t(`agreements.promiseStatus.${status}`) : status;
}

export function planStatusName(status: string, t: Translate): string {
  return known<PlanStatus>(PLAN_STATUSES, status) ? t(`agreements.planStatus.${status}`) : status;
}

export function installmentStateName(state: string, t: Translate): string {
  return known<InstallmentState>(INSTALLMENT_STATES, state)
    ? t(`agreements.installmentState.${state}`)
    : state;
}

export function debitStatusName(status: string, t: Translate): string {
  return known<DebitStatus>(DEBIT_STATUSES, status) ? t(`agreements.debitStatus.${status}`) : status;
}

export function disputeStatusName(status: string, t: Translate): string {
  return known<DisputeStatus>(DISPUTE_STATUSES, status) ? t(`agreements.disputeStatus.${status}`) : status;
}

export function periodicityName(periodicity: string, t: Translate): string {
  return known<Periodicity>(PERIODICITIES, periodicity)
    ? t(`agreements.periodicity.${periodicity}`)
    : periodicity;
}

export function componentName(component: string, t: Translate): string {
  return known<WaiverComponent>(WAIVER_COMPONENTS, component)
    ? t(`agreements.component.${component}`)
    : component;
}

export function problemText(problem: PlanProblem, t: Translate): string {
  return t(`agreements.problem.${problem}`);
}

/** The badge colour of a status: good news green, trouble red, waiting amber, the rest plain. */
export function statusTone(status: string): 'pass' | 'fail' | 'pending' | 'plain' {
  switch (status) {
    case 'kept':
    case 'active':
    case 'completed':
    case 'paid':
    case 'collected':
    case 'accepted':
    case 'granted':
      return 'pass';
    case 'broken':
    case 'breached':
    case 'late':
    case 'returned':
    case 'rejected':
      return 'fail';
    case 'open':
    case 'proposed':
    case 'partly_kept':
    case 'partly_paid':
    case 'due':
    case 'under_review':
    case 'pending':
    case 'submitted':
      return 'pending';
    default:
      return 'plain';
  }
}

/**
 * What went wrong with a plan decision, in the user's words: the four-eyes and over-limit
 * refusals have their own sentence; anything else is the server's detail.
 */
export function approvalErrorMessage(error: unknown, t: Translate): string {
  if (error instanceof ApiError && error.problem) {
    const { code } = error.problem;
    if (code === 'four_eyes') return t('agreements.plans.fourEyes');
    if (code === 'over_limit')
      return `${t('agreements.plans.overLimit')} ${error.problem.detail ?? ''}`.trim();
  }
  return errorMessage(error, t);
}
