import { Temporal } from '@js-temporal/polyfill';
import { describe, expect, it } from 'vitest';
import { debtorTimeZone, earliestContact, type ContactRequest } from './contact-rules';
import { STANDARD_CONTACT_RULES } from './standard-strategies';

const request = (now: string, over: Partial<ContactRequest> = {}): ContactRequest => ({
  channels: ['sms'],
  customerType: 'consumer',
  timeZone: 'Europe/Paris',
  contacts: [],
  now: Temporal.Instant.from(now),
  ...over,
});

describe('earliestContact', () => {
  it('goes at once inside the allowed hours', () => {
    const slot = earliestContact(STANDARD_CONTACT_RULES, request('2025-03-20T10:00:00Z'));
    expect(slot.at.toString()).toBe('2025-03-20T10:00:00Z');
    expect(slot.blocks).toEqual([]);
  });

  it('on a quiet Sunday waits for Monday at the end of the night’s quiet hours, for that reason only', () => {
    const slot = earliestContact(STANDARD_CONTACT_RULES, request('2025-03-23T10:00:00Z'));
    expect(slot.at.toString()).toBe('2025-03-24T07:00:00Z');
    expect(slot.blocks).toEqual([
      { code: 'quiet-day', timeZone: 'Europe/Paris', localDate: '2025-03-23', dayOfWeek: 7 },
    ]);
  });

  it('quiet hours within a day (lunch) end the same day; before 08:00 ends that morning', () => {
    const lunch = { ...STANDARD_CONTACT_RULES, quietHours: { from: '12:00', to: '14:00' }, quietDays: [] };
    expect(earliestContact(lunch, request('2025-03-20T11:30:00Z')).at.toString()).toBe(
      '2025-03-20T13:00:00Z',
    );
    expect(earliestContact(STANDARD_CONTACT_RULES, request('2025-03-20T05:59:00Z')).at.toString()).toBe(
      '2025-03-20T07:00:00Z',
    );
    expect(earliestContact(STANDARD_CONTACT_RULES, request('2025-03-20T07:00:00Z')).blocks).toEqual([]);
  });

  it('ends quiet hours at the local time even on the autumn DST change', () => {
    // Saturday 25 October 2025, 21:00 CEST; Sunday is quiet, Monday 08:00 is winter time (07:00 UTC).
    expect(earliestContact(STANDARD_CONTACT_RULES, request('2025-10-25T19:00:00Z')).at.toString()).toBe(
      '2025-10-27T07:00:00Z',
    );
  });

  it('a cap that frees in the quiet hours waits for the morning too', () => {
    const contacts = ['2025-03-13T19:30:00Z', '2025-03-14T09:00:00Z', '2025-03-15T09:00:00Z'].map((at) => ({
      channel: 'sms' as const,
      at,
    }));
    // Frees on Thursday 20 March at 20:30 Paris: quiet, so Friday 08:00.
    const slot = earliestContact(STANDARD_CONTACT_RULES, request('2025-03-20T17:00:00Z', { contacts }));
    expect(slot.at.toString()).toBe('2025-03-21T07:00:00Z');
    expect(slot.blocks.map((b) => b.code)).toEqual(['frequency-cap', 'quiet-hours']);
  });

  it('counts only the channel and customer type a cap is for', () => {
    const contacts = ['2025-03-18T09:00:00Z', '2025-03-18T10:00:00Z', '2025-03-19T09:00:00Z'].map((at) => ({
      channel: 'sms' as const,
      at,
    }));
    expect(
      earliestContact(
        STANDARD_CONTACT_RULES,
        request('2025-03-20T10:00:00Z', { contacts, customerType: 'business' }),
      ).blocks,
    ).toEqual([]);
    expect(
      earliestContact(
        STANDARD_CONTACT_RULES,
        request('2025-03-20T10:00:00Z', { contacts, channels: ['letter'] }),
      ).blocks,
    ).toEqual([]);
    expect(
      earliestContact(STANDARD_CONTACT_RULES, request('2025-03-20T10:00:00Z', { contacts })).at.toString(),
    ).toBe('2025-03-25T09:00:00Z');
  });
});

describe('debtorTimeZone', () => {
  it('falls back to the default zone, then UTC', () => {
    expect(debtorTimeZone(STANDARD_CONTACT_RULES, 'Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(debtorTimeZone(STANDARD_CONTACT_RULES, null)).toBe('Europe/Paris');
    expect(debtorTimeZone(STANDARD_CONTACT_RULES, 'Mars/Olympus')).toBe('Europe/Paris');
    expect(debtorTimeZone({ defaultTimeZone: 'nowhere' }, null)).toBe('UTC');
  });
});
