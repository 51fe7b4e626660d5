import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBounce } from './bounce.parse';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('parseBounce', () => {
  it('reads a Postfix hard bounce that returns the whole message', async () => {
    const bounce = await parseBounce(fixture('postfix-dsn-user-unknown.eml'));
    expect(bounce).toEqual({
      recipient: 'jean.dupont@debiteur.example',
      action: 'failed',
      status: '5.1.1',
      permanent: true,
      diagnostic:
        'smtp; 550 5.1.1 <jean.dupont@debiteur.example>: Recipient address rejected: User unknown in virtual mailbox table',
      remoteMta: 'mx1.debiteur.example',
      quittanceMessageId: 'msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E',
      originalMessageId: '<3f6c1a8e-5b2d-4c7e-9a10-7d2f4e8b9c01@acme-recouvrement.example>',
      envelopeId: null,
      reportingMta: 'mail.acme-recouvrement.example',
      recipients: [expect.objectContaining({ recipient: 'jean.dupont@debiteur.example', status: '5.1.1' })],
    });
  });

  it('reads a delay warning with headers only, finding our id in the envelope id', async () => {
    const bounce = await parseBounce(fixture('postfix-dsn-delayed-headers-only.eml'));
    expect(bounce).toMatchObject({
      recipient: 'compta@sarl-martin.example',
      action: 'delayed',
      status: '4.4.1',
      permanent: false,
      remoteMta: null,
      quittanceMessageId: 'msg_01JD5M2N4P6Q8R0S2T4U6V8W0X',
      envelopeId: 'msg_01JD5M2N4P6Q8R0S2T4U6V8W0X',
      originalMessageId: '<9b1e2d3c-4f5a-4b6c-8d7e-0f1a2b3c4d5e@acme-recouvrement.example>',
    });
    expect(bounce?.diagnostic).toContain('Connection timed out');
  });

  it('takes the raw message as a string too', async () => {
    const bounce = await parseBounce(fixture('postfix-dsn-user-unknown.eml').toString('utf8'));
    expect(bounce?.status).toBe('5.1.1');
  });

  it('is null for a debtor reply, even one that quotes DSN-looking lines', async () => {
    expect(await parseBounce(fixture('debtor-reply-not-a-bounce.eml'))).toBeNull();
  });

  it('lists every failed recipient and ignores the delivered ones', async () => {
    const raw = dsn(
      'Reporting-MTA: dns; mx.example\r\nOriginal-Envelope-Id: msg+2Bone\r\n\r\n' +
        'Final-Recipient: rfc822; ok@a.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\n' +
        'Final-Recipient: rfc822; full@a.example\r\nAction: failed\r\nStatus: 5.2.2 (mailbox full)\r\n\r\n' +
        'Original-Recipient: rfc822;<gone@a.example>\r\nAction: Failed\r\nStatus: 5.1.1\r\n',
    );
    const bounce = await parseBounce(raw);
    expect(bounce?.recipients.map((r) => [r.recipient, r.status])).toEqual([
      ['full@a.example', '5.2.2'],
      ['gone@a.example', '5.1.1'],
    ]);
    expect(bounce?.recipient).toBe('full@a.example');
    // ENVID is xtext: "+2B" is a plus sign.
    expect(bounce?.quittanceMessageId).toBe('msg+one');
  });

  it('is null for a success notice', async () => {
    const raw = dsn(
      'Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; ok@a.example\r\nAction: relayed\r\nStatus: 2.0.0\r\n',
    );
    expect(await parseBounce(raw)).toBeNull();
  });
});

const dsn = (status: string): string =>
  [
    'From: MAILER-DAEMON@mx.example',
    'To: bounces@acme.example',
    'Subject: Delivery Status Notification',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    'Report.',
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    status,
    '--b1--',
    '',
  ].join('\r\n');
