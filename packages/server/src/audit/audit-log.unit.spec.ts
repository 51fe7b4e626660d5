import { describe, expect, it } from 'vitest';
import { redact } from './audit-log';

describe('redact', () => {
  it('hides secrets at any depth and keeps the change itself', () => {
    expect(
      redact({
        password: 'hunter2 hunter2',
        newPassword: 'x',
        clientSecret: 's',
        csrfToken: 't',
        nested: [{ apiKey: 'k', key: 'k2' }],
        reasonCode: 'quality',
        code: 'ACME-FR',
        amount: 12n,
        text: 'Called: will pay Friday.',
      }),
    ).toEqual({
      password: '[redacted]',
      newPassword: '[redacted]',
      clientSecret: '[redacted]',
      csrfToken: '[redacted]',
      nested: [{ apiKey: '[redacted]', key: '[redacted]' }],
      reasonCode: 'quality',
      code: 'ACME-FR',
      amount: '12',
      text: 'Called: will pay Friday.',
    });
  });
});
