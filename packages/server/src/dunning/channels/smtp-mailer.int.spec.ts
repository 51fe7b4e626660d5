import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp-server';
import { createSmtpMailer, type SmtpMailerConfig } from './smtp-mailer';
import type { CompanySender, EmailRejected, EmailSent, Mailer, OutgoingEmail } from './mailer';

const ACME: CompanySender = {
  fromName: 'ACME Recouvrement',
  fromAddress: 'relances@acme-recouvrement.example',
  replyTo: 'gestion@acme-recouvrement.example',
};

// A small but real PDF, with the binary comment line PDF writers put on line 2: bytes above 0x7F
// must survive the trip.
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.4\n%'),
  Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
  Buffer.from(
    '\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ),
]);

const reminder = (overrides: Partial<OutgoingEmail> = {}): OutgoingEmail => ({
  to: { name: 'Jean Dupont', address: 'jean.dupont@debiteur.example' },
  from: ACME,
  subject: 'Relance — facture F-2026-0042',
  text: 'Madame, Monsieur,\n\nSauf erreur de notre part, la facture F-2026-0042 de 1 250,00 € reste impayée.',
  html: '<p>Madame, Monsieur,</p><p>Sauf erreur de notre part, la facture <b>F-2026-0042</b> de 1&nbsp;250,00&nbsp;€ reste impayée.</p>',
  attachments: [{ filename: 'relance-F-2026-0042.pdf', content: PDF, contentType: 'application/pdf' }],
  headers: { 'X-Quittance-Message-Id': 'msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E' },
  ...overrides,
});

const plain = (url: string, extra: Partial<SmtpMailerConfig> = {}): SmtpMailerConfig => ({
  url,
  requireTLS: false,
  timeouts: { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 },
  ...extra,
});

const expectRejected = (result: unknown): EmailRejected => {
  expect(result).toMatchObject({ status: 'rejected' });
  return result as EmailRejected;
};

/** A port nothing listens on: bind an ephemeral one, then let it go. */
const closedPort = async (): Promise<number> => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
};

describe('SMTP mailer against a real SMTP server', () => {
  let server: TestSmtpServer;
  let mailer: Mailer;
  beforeAll(async () => {
    server = await startSmtpServer({
      rejectRecipients: /^unknown/,
      deferRecipients: ['greylisted@debiteur.example'],
    });
    mailer = createSmtpMailer(plain(server.url));
  });
  afterAll(async () => {
    await mailer.close();
    await server.close();
  });

  it('delivers a reminder with text, HTML, a PDF and our id, as a mail client reads it', async () => {
    const before = server.messages().length;
    const result = await mailer.send(reminder());

    expect(result.status).toBe('sent');
    const sent = result as EmailSent;
    expect(sent.accepted).toEqual(['jean.dupont@debiteur.example']);
    expect(sent.rejected).toEqual([]);
    expect(sent.response).toMatch(/^250 .*queued as/);

    const [mail] = (await server.waitFor(before + 1)).slice(before);
    expect(mail?.subject).toBe('Relance — facture F-2026-0042');
    expect(mail?.from?.value).toEqual([
      { name: 'ACME Recouvrement', address: 'relances@acme-recouvrement.example' },
    ]);
    expect(mail?.replyTo?.value[0]?.address).toBe('gestion@acme-recouvrement.example');
    expect(mail?.to).toMatchObject({
      value: [{ name: 'Jean Dupont', address: 'jean.dupont@debiteur.example' }],
    });
    expect(mail?.text?.trim()).toBe(reminder().text);
    expect(mail?.html).toContain('<b>F-2026-0042</b>');
    expect(mail?.attachments).toHaveLength(1);
    expect(mail?.attachments[0]?.filename).toBe('relance-F-2026-0042.pdf');
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf');
    expect(mail?.attachments[0]?.content.equals(PDF)).toBe(true);
    expect(mail?.headers.get('x-quittance-message-id')).toBe('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E');
    expect(mail?.messageId).toBe(sent.messageId);
    expect(sent.providerMessageId).toBe(sent.messageId);

    // Failure notices are requested and name our message even if they quote no header.
    const envelope = server.received().at(-1)?.envelope;
    expect(envelope?.envelopeId).toBe('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E');
    expect(envelope?.mailFrom).toBe('relances@acme-recouvrement.example');
  });

  it('uses the Message-ID it is given and sends bounces to the company bounce address', async () => {
    const before = server.messages().length;
    const result = await mailer.send(
      reminder({
        from: { ...ACME, bounceAddress: 'bounces+acme@acme-recouvrement.example' },
        messageId: '<msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F@acme-recouvrement.example>',
        headers: { 'X-Quittance-Message-Id': 'msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F' },
      }),
    );
    expect(result).toMatchObject({
      status: 'sent',
      messageId: '<msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F@acme-recouvrement.example>',
    });
    await server.waitFor(before + 1);
    const last = server.received().at(-1);
    expect(last?.envelope.mailFrom).toBe('bounces+acme@acme-recouvrement.example');
    expect(last?.parsed.from?.value[0]?.address).toBe('relances@acme-recouvrement.example');
    expect(last?.parsed.messageId).toBe('<msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0F@acme-recouvrement.example>');
  });

  it('reports an unknown recipient as a permanent 550 5.1.1 and delivers nothing', async () => {
    const before = server.messages().length;
    const result = expectRejected(await mailer.send(reminder({ to: 'unknown.person@debiteur.example' })));
    expect(result).toMatchObject({
      smtpCode: 550,
      enhancedStatus: '5.1.1',
      permanent: true,
      kind: 'recipient',
    });
    expect(result.reason).toContain('User unknown');
    expect(result.retryAfterSeconds).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(server.messages()).toHaveLength(before);
  });

  it('reports a 4xx at RCPT as temporary, with a retry hint', async () => {
    const result = expectRejected(await mailer.send(reminder({ to: 'greylisted@debiteur.example' })));
    expect(result).toMatchObject({
      smtpCode: 451,
      enhancedStatus: '4.3.0',
      permanent: false,
      kind: 'recipient',
    });
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('sends to the accepted recipients and names the refused one when only some are refused', async () => {
    const before = server.messages().length;
    const result = await mailer.send(
      reminder({ to: ['compta@sarl-martin.example', 'unknown.accounts@sarl-martin.example'] }),
    );
    expect(result).toMatchObject({
      status: 'sent',
      accepted: ['compta@sarl-martin.example'],
      rejected: ['unknown.accounts@sarl-martin.example'],
    });
    await server.waitFor(before + 1);
    expect(server.received().at(-1)?.envelope.rcptTo).toEqual(['compta@sarl-martin.example']);
  });

  it('refuses an address that cannot be one without contacting the server', async () => {
    const result = expectRejected(await mailer.send(reminder({ to: '06 12 34 56 78' })));
    expect(result).toMatchObject({ permanent: true, kind: 'recipient', smtpCode: null });
    expect(result.reason).toContain('06 12 34 56 78');
  });

  it('throws for a message no server should see: no id of ours', async () => {
    await expect(mailer.send(reminder({ headers: { 'X-Quittance-Message-Id': ' ' } }))).rejects.toThrow(
      /X-Quittance-Message-Id/,
    );
  });

  it('signs with the company DKIM key when one is set', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const before = server.messages().length;
    const result = await mailer.send(
      reminder({
        from: {
          ...ACME,
          dkim: {
            domainName: 'acme-recouvrement.example',
            keySelector: 'quittance2026',
            privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          },
        },
      }),
    );
    expect(result.status).toBe('sent');
    const [mail] = (await server.waitFor(before + 1)).slice(before);
    const signature = mail?.headerLines.find((h) => h.key === 'dkim-signature')?.line ?? '';
    expect(signature).toMatch(/d=acme-recouvrement\.example/);
    expect(signature).toMatch(/s=quittance2026/);
  });
});

describe('SMTP mailer refusals at DATA and at login', () => {
  const servers: TestSmtpServer[] = [];
  const mailers: Mailer[] = [];
  afterEach(async () => {
    await Promise.all(mailers.splice(0).map((m) => m.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const start = async (options: Parameters<typeof startSmtpServer>[0]): Promise<TestSmtpServer> => {
    const s = await startSmtpServer(options);
    servers.push(s);
    return s;
  };
  const mailerFor = (config: SmtpMailerConfig): Mailer => {
    const m = createSmtpMailer(config);
    mailers.push(m);
    return m;
  };

  it('reports a message refused at the end of DATA as permanent', async () => {
    const server = await start({ rejectData: { code: 554, message: 'Message rejected: spam content' } });
    const result = expectRejected(await mailerFor(plain(server.url)).send(reminder()));
    expect(result).toMatchObject({ smtpCode: 554, permanent: true, kind: 'message' });
    expect(server.messages()).toHaveLength(0);
  });

  it('logs in with the credentials of the URL', async () => {
    const server = await start({ auth: { user: 'quittance@acme', pass: 'p@ss:w/rd' } });
    expect(server.url).toContain('quittance%40acme:p%40ss%3Aw%2Frd@');
    const result = await mailerFor(plain(server.url)).send(reminder());
    expect(result.status).toBe('sent');
    await server.waitFor(1);
    expect(server.received()[0]?.user).toBe('quittance@acme');
  });

  it('reports wrong credentials as a temporary authentication failure, not as a bad recipient', async () => {
    const server = await start({ auth: { user: 'quittance', pass: 'right' } });
    const url = `smtp://quittance:wrong@127.0.0.1:${server.port}`;
    const result = expectRejected(await mailerFor(plain(url)).send(reminder()));
    expect(result).toMatchObject({ smtpCode: 535, permanent: false, kind: 'authentication' });
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
    expect(server.messages()).toHaveLength(0);
  });

  it('by default refuses to send in clear text to a server without STARTTLS', async () => {
    const server = await start({});
    const result = expectRejected(await mailerFor({ url: server.url }).send(reminder()));
    expect(result).toMatchObject({ permanent: false, kind: 'tls' });
    expect(result.reason).toMatch(/^TLS required but STARTTLS failed/);
    expect(server.messages()).toHaveLength(0);
  });

  it('upgrades with STARTTLS when TLS is required and the server offers it', async () => {
    const server = await start({ starttls: true });
    // The test server's certificate is self-signed; production keeps certificate checks on.
    const mailer = mailerFor({ url: server.url, requireTLS: true, tls: { rejectUnauthorized: false } });
    expect((await mailer.send(reminder())).status).toBe('sent');
    await server.waitFor(1);
    expect(server.received()[0]?.secure).toBe(true);
  });

  it('keeps a pool of connections for a run of many messages', async () => {
    const server = await start({});
    const mailer = mailerFor(plain(server.url, { pool: { maxConnections: 2 } }));
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        mailer.send(reminder({ headers: { 'X-Quittance-Message-Id': `msg_pool_${i}` } })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('sent'));
    const mails = await server.waitFor(6);
    expect(mails.map((m) => m.headers.get('x-quittance-message-id')).sort()).toEqual(
      Array.from({ length: 6 }, (_, i) => `msg_pool_${i}`),
    );
  });
});

describe('SMTP mailer when the server cannot be reached', () => {
  it('reports a refused connection as temporary, with a retry hint', async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer(plain(`smtp://127.0.0.1:${port}`));
    const result = expectRejected(await mailer.send(reminder()));
    await mailer.close();
    expect(result).toMatchObject({ smtpCode: null, permanent: false, kind: 'connection' });
    expect(result.reason).toBe(`connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('reports a refused connection the same way from a pool', async () => {
    const port = await closedPort();
    const mailer = createSmtpMailer(plain(`smtp://127.0.0.1:${port}`, { pool: { maxConnections: 1 } }));
    const result = expectRejected(await mailer.send(reminder()));
    await mailer.close();
    expect(result).toMatchObject({ smtpCode: null, permanent: false, kind: 'connection' });
  });

  it('gives up on a server that accepts the connection but never greets, within the greeting timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${port}`,
      requireTLS: false,
      timeouts: { connectionMs: 1_000, greetingMs: 300, socketMs: 1_000 },
    });
    const started = Date.now();
    const result = expectRejected(await mailer.send(reminder()));
    const elapsed = Date.now() - started;
    await mailer.close();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    expect(result).toMatchObject({ smtpCode: null, permanent: false, kind: 'connection' });
    expect(elapsed).toBeLessThan(3_000);
  });

  it('refuses an unusable URL when it is created, without echoing the password', () => {
    expect(() => createSmtpMailer({ url: 'http://user:secret@mail.example' })).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
    let message = '';
    try {
      createSmtpMailer({ url: 'smtp//user:secret@mail.example' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/not a URL/);
    expect(message).not.toContain('secret');
  });
});
