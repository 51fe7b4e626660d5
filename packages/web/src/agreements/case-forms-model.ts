import { isIsoDate } from '../ledger/ledger.params';
import { parseAmountInput } from '../lib/amount-input';
import type { Channel, PromiseRequest, Settlement, WaiverComponent } from './agreements.types';

// The case card's small forms (promise to pay, dispute, waiver, resolution) read into their
// requests, or the problem of each field. Pure, so that the rules are tested without a browser.

export type FieldProblem = 'required' | 'date' | 'amount' | 'days';
export type Checked<T, F extends string> =
  { ok: true; request: T } | { ok: false; problems: Partial<Record<F, FieldProblem>> };

/** `iso` plus `days` calendar days, YYYY-MM-DD (computed in UTC so no time zone moves the day). */
export function addDays(iso: string, days: number): string {
  const [year = 2000, month = 1, day = 1] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day + days));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

const WHOLE = /^\d+$/;

export type PromiseForm = {
  itemIds: string[];
  amount: string;
  promisedFor: string;
  channel: Channel;
  graceDays: string;
  note: string;
  taskId: string | null;
};

export function promiseRequest(
  form: PromiseForm,
  decimals: number,
): Checked<PromiseRequest, 'amount' | 'promisedFor' | 'graceDays'> {
  const problems: Partial<Record<'amount' | 'promisedFor' | 'graceDays', FieldProblem>> = {};
  const amount = form.amount.trim() === '' ? null : parseAmountInput(form.amount, decimals);
  if (form.amount.trim() === '') problems.amount = 'required';
  else if (amount === null) problems.amount = 'amount';
  if (form.promisedFor === '') problems.promisedFor = 'required';
  else if (!isIsoDate(form.promisedFor)) problems.promisedFor = 'date';
  const grace = form.graceDays.trim();
  if (grace !== '' && (!WHOLE.test(grace) || Number(grace) > 365)) problems.graceDays = 'days';
  if (Object.keys(problems).length > 0 || amount === null) return { ok: false, problems };

  const request: PromiseRequest = { amount, promisedFor: form.promisedFor, channel: form.channel };
  if (form.itemIds.length > 0) request.itemIds = [...form.itemIds];
  if (grace !== '') request.graceDays = Number(grace);
  if (form.note.trim() !== '') request.note = form.note.trim();
  if (form.taskId) request.taskId = form.taskId;
  return { ok: true, request };
}

export type DisputeForm = {
  itemId: string;
  reasonCode: string;
  amount: string;
  description: string;
  owner: string;
  deadline: string;
};

export type DisputeRequest = {
  itemId?: string | null;
  reasonCode: string;
  amount?: string;
  description: string;
  owner?: string;
  deadline?: string;
};

export function disputeRequest(
  form: DisputeForm,
  decimals: number,
): Checked<DisputeRequest, 'reasonCode' | 'amount' | 'description' | 'deadline'> {
  const problems: Partial<Record<'reasonCode' | 'amount' | 'description' | 'deadline', FieldProblem>> = {};
  if (form.reasonCode === '') problems.reasonCode = 'required';
  if (form.description.trim() === '') problems.description = 'required';
  const amount = form.amount.trim() === '' ? undefined : parseAmountInput(form.amount, decimals);
  if (amount === null) problems.amount = 'amount';
  if (form.deadline !== '' && !isIsoDate(form.deadline)) problems.deadline = 'date';
  if (Object.keys(problems).length > 0) return { ok: false, problems };

  const request: DisputeRequest = {
    itemId: form.itemId === '' ? null : form.itemId,
    reasonCode: form.reasonCode,
    description: form.description.trim(),
  };
  if (amount) request.amount = amount;
  if (form.owner.trim() !== '') request.owner = form.owner.trim();
  if (form.deadline !== '') request.deadline = form.deadline;
  return { ok: true, request };
}

export type WaiverRequest = { component: WaiverComponent; amount: string; reason: string };

export function waiverRequest(
  form: { component: WaiverComponent; amount: string; reason: string },
  decimals: number,
): Checked<WaiverRequest, 'amount' | 'reason'> {
  const problems: Partial<Record<'amount' | 'reason', FieldProblem>> = {};
  const amount = form.amount.trim() === '' ? null : parseAmountInput(form.amount, decimals);
  if (form.amount.trim() === '') problems.amount = 'required';
  else if (amount === null) problems.amount = 'amount';
  if (form.reason.trim() === '') problems.reason = 'required';
  if (Object.keys(problems).length > 0 || amount === null) return { ok: false, problems };
  return { ok: true, request: { component: form.component, amount, reason: form.reason.trim() } };
}

export type ResolveRequest = {
  outcome: 'accepted' | 'rejected';
  settlement?: Settlement;
  amount?: string;
  comment: string;
};

export function resolveRequest(
  form: { outcome: 'accepted' | 'rejected'; settlement: Settlement; amount: string; comment: string },
  decimals: number,
): Checked<ResolveRequest, 'amount' | 'comment'> {
  const problems: Partial<Record<'amount' | 'comment', FieldProblem>> = {};
  if (form.comment.trim() === '') problems.comment = 'required';
  const accepted = form.outcome === 'accepted';
  const amount = accepted && form.amount.trim() !== '' ? parseAmountInput(form.amount, decimals) : undefined;
  if (amount === null) problems.amount = 'amount';
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const request: ResolveRequest = { outcome: form.outcome, comment: form.comment.trim() };
  if (accepted) {
    request.settlement = form.settlement;
    if (amount) request.amount = amount;
  }
  return { ok: true, request };
}
