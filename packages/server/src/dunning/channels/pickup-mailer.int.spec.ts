import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPickupMailer } from './pickup-mailer';
import type { OutgoingEmail } from './mailer';

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n', 'latin1');

const reminder = (id: string): OutgoingEmail => ({
  to: 'jean.dupont@debiteur.example',
  from: { fromName: 'ACME Recouvrement', fromAddress: 'relances@acme-recouvrement.example' },
  subject: 'Relance — facture F-2026-0042',
  text: 'La facture F-2026-0042 reste impayée.',
  html: '<p>La facture <b>F-2026-0042</b> reste impayée.</p>',
  attachments: [{ filename: 'relance.pdf', content: PDF, contentType: 'application/pdf' }],
  headers: { 'X-Quittance-Message-Id': id },
});

describe('pickup-directory mailer', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'quittance-pickup-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes each message as an .eml file a mail client can open', async () => {
    const dir = join(root, 'outbox');
    const mailer = createPickupMailer(dir, { clock: () => new Date('2026-11-20T10:00:00Z') });

    const result = await mailer.send(reminder('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E'));
    await mailer.send(reminder('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F'));

    expect(result).toMatchObject({
      status: 'sent',
      accepted: ['jean.dupont@debiteur.example'],
      rejected: [],
    });
    const files = (await readdir(dir)).sort();
    expect(files).toEqual([
      '2026-11-20T10-00-00-000Z-0001-msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E.eml',
      '2026-11-20T10-00-00-000Z-0002-msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F.eml',
    ]);
    const mail = await simpleParser(await readFile(join(dir, files[0] ?? '')));
    expect(mail.subject).toBe('Relance — facture F-2026-0042');
    expect(mail.from?.value[0]).toEqual({
      name: 'ACME Recouvrement',
      address: 'relances@acme-recouvrement.example',
    });
    expect(mail.html).toContain('<b>F-2026-0042</b>');
    expect(mail.attachments[0]?.content.equals(PDF)).toBe(true);
    expect(mail.headers.get('x-quittance-message-id')).toBe('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E');
    expect(result.status === 'sent' && mail.messageId === result.messageId).toBe(true);
  });

  it('keeps a file name safe whatever our id holds', async () => {
    const mailer = createPickupMailer(root, { clock: () => new Date('2026-11-20T10:00:00Z') });
    await mailer.send(reminder('../../etc/passwd'));
    expect(await readdir(root)).toEqual(['2026-11-20T10-00-00-000Z-0001-.._.._etc_passwd.eml']);
  });

  it('refuses an address that cannot be one, like the SMTP mailer', async () => {
    const mailer = createPickupMailer(root);
    const result = await mailer.send({ ...reminder('msg_x'), to: 'jean.dupont' });
    expect(result).toMatchObject({ status: 'rejected', permanent: true, kind: 'recipient' });
    expect(await readdir(root)).toEqual([]);
  });
});
