import { Temporal } from '@js-temporal/polyfill';
import { isTimeZone } from './strategy.compile';
import type { ContactRules, StepChannel } from './strategy';

// Contact rules (L6) applied to one planned contact: when it may go at the earliest, and why not
// sooner. Local times are read in the debtor's time zone with Temporal, so "08:00" stays 08:00
// local across a DST change; the answer is an instant.

/** A contact already made (or planned) with the debtor. */
export type ContactRecord = {
  readonly channel: StepChannel;
  /** ISO instant, e.g. `2025-03-28T09:15:00Z`. */
  readonly at: string;
};

/** Why a contact cannot go at the moment asked. */
export type ContactBlock =
  | {
      readonly code: 'quiet-hours';
      readonly timeZone: string;
      /** Local date and time in the debtor's time zone when the contact was asked for. */
      readonly localTime: string;
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly code: 'quiet-day';
      readonly timeZone: string;
      readonly localDate: string;
      readonly dayOfWeek: number;
    }
  | {
      readonly code: 'frequency-cap';
      readonly channel: StepChannel;
      readonly max: number;
      readonly days: number;
      /** ISO instant at which the oldest counted contact leaves the window. */
      readonly until: string;
    };

export type ContactRequest = {
  readonly channels: readonly StepChannel[];
  readonly customerType: 'business' | 'consumer' | null;
  readonly timeZone: string;
  /** Earlier contacts (and the ones planned before this one), any order. */
  readonly contacts: readonly ContactRecord[];
  readonly now: Temporal.Instant;
};

export type ContactSlot = { readonly at: Temporal.Instant; readonly blocks: readonly ContactBlock[] };

/**
 * The debtor's time zone when it is a known IANA zone, else the rules' default, else UTC (a broken
 * default is reported by `validateContactRules`, never thrown here).
 */
export const debtorTimeZone = (rules: ContactRules, zone: string | null): string => {
  if (zone !== null && zone !== '' && isTimeZone(zone)) return zone;
  if (isTimeZone(rules.defaultTimeZone)) return rules.defaultTimeZone;
  return 'UTC';
};

const parseTime = (text: string): Temporal.PlainTime | null => {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m === null ? null : new Temporal.PlainTime(Number(m[1]), Number(m[2]));
};

const instantOrNull = (text: string): Temporal.Instant | null => {
  try {
    return Temporal.Instant.from(text);
  } catch {
    return null;
  }
};

const MAX_MOVES = 64;

/**
 * The earliest instant at or after `now` when a contact on all of `channels` respects the rules:
 * outside quiet hours and quiet days in the debtor's zone, and under every frequency cap that
 * applies to the channel and customer type. A cap of `max` in `days` counts the contacts made
 * before that instant within the last `days` calendar days in the debtor's zone; when full, the
 * contact waits until the oldest of them leaves the window. Invalid quiet hours and contacts with
 * an unreadable instant are ignored (`validateContactRules` reports the former).
 */
export const earliestContact = (rules: ContactRules, request: ContactRequest): ContactSlot => {
  const zone = request.timeZone;
  const from = rules.quietHours === undefined ? null : parseTime(rules.quietHours.from);
  const to = rules.quietHours === undefined ? null : parseTime(rules.quietHours.to);
  const quietDays = new Set(rules.quietDays ?? []);
  const caps = (rules.caps ?? []).filter(
    (cap) =>
      request.channels.includes(cap.channel) &&
      (cap.customerType === undefined || cap.customerType === request.customerType) &&
      Number.isInteger(cap.days) &&
      cap.days >= 1 &&
      Number.isInteger(cap.max) &&
      cap.max >= 1,
  );
  const contacts = request.contacts
    .flatMap((c) => {
      const at = instantOrNull(c.at);
      return at === null ? [] : [{ channel: c.channel, at }];
    })
    .sort((a, b) => Temporal.Instant.compare(a.at, b.at));

  const blocks = new Map<string, ContactBlock>();
  let t = request.now;
  for (let move = 0; move < MAX_MOVES; move++) {
    const local = t.toZonedDateTimeISO(zone);
    if (quietDays.has(local.dayOfWeek)) {
      const key = 'quiet-day';
      if (!blocks.has(key))
        blocks.set(key, {
          code: 'quiet-day',
          timeZone: zone,
          localDate: local.toPlainDate().toString(),
          dayOfWeek: local.dayOfWeek,
        });
      // The next day from its first allowed minute: the end of quiet hours that span midnight.
      const wraps = from !== null && to !== null && Temporal.PlainTime.compare(from, to) > 0;
      const nextDay = local.toPlainDate().add({ days: 1 });
      t = (
        wraps && to !== null
          ? nextDay.toZonedDateTime({ timeZone: zone, plainTime: to })
          : nextDay.toZonedDateTime({ timeZone: zone })
      ).toInstant();
      continue;
    }
    if (from !== null && to !== null && Temporal.PlainTime.compare(from, to) !== 0) {
      const time = local.toPlainTime();
      const wraps = Temporal.PlainTime.compare(from, to) > 0;
      const afterFrom = Temporal.PlainTime.compare(time, from) >= 0;
      const beforeTo = Temporal.PlainTime.compare(time, to) < 0;
      const quiet = wraps ? afterFrom || beforeTo : afterFrom && beforeTo;
      if (quiet) {
        if (!blocks.has('quiet-hours'))
          blocks.set('quiet-hours', {
            code: 'quiet-hours',
            timeZone: zone,
            localTime: local.toPlainDateTime().toString({ smallestUnit: 'minute' }),
            from: from.toString({ smallestUnit: 'minute' }),
            to: to.toString({ smallestUnit: 'minute' }),
          });
        const day = wraps && afterFrom ? local.toPlainDate().add({ days: 1 }) : local.toPlainDate();
        // A `to` inside a DST gap resolves forward ('compatible'), so the wait always ends.
        t = day.toZonedDateTime({ timeZone: zone, plainTime: to }).toInstant();
        continue;
      }
    }
    let moved = false;
    for (const cap of caps) {
      const windowFreeAt = contacts
        .filter((c) => c.channel === cap.channel && Temporal.Instant.compare(c.at, t) <= 0)
        .map((c) => c.at.toZonedDateTimeISO(zone).add({ days: cap.days }).toInstant())
        .filter((free) => Temporal.Instant.compare(free, t) > 0);
      if (windowFreeAt.length < cap.max) continue;
      // The window holds `count >= max` contacts: wait until `count - max + 1` of them have left.
      const until = windowFreeAt[windowFreeAt.length - cap.max];
      if (until === undefined) continue;
      blocks.set(`cap:${cap.channel}:${cap.max}:${cap.days}`, {
        code: 'frequency-cap',
        channel: cap.channel,
        max: cap.max,
        days: cap.days,
        until: until.toString(),
      });
      t = until;
      moved = true;
      break;
    }
    if (!moved) break;
  }
  return { at: t, blocks: [...blocks.values()] };
};
