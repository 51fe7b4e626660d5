import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export type ReceivedMail = {
  /** MAIL FROM and RCPT TO as the server saw them, DSN parameters included. */
  readonly envelope: {
    readonly mailFrom: string | null;
    readonly rcptTo: readonly string[];
    /** ENVID of MAIL FROM (RFC 3461), when the client sent one. */
    readonly envelopeId: string | null;
  };
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  /** True when the session was upgraded with STARTTLS (or started in TLS). */
  readonly secure: boolean;
  readonly user: string | null;
};

export type TestSmtpServer = {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, with the credentials when the server requires them. */
  readonly url: string;
  /** Every message accepted so far, parsed. */
  messages(): ParsedMail[];
  received(): ReceivedMail[];
  /** Resolves once `n` messages have arrived; rejects after `timeoutMs` (default 5 s). */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
};

export type SmtpServerOptions = {
  /** Answered `550 5.1.1 … User unknown` at RCPT TO, as Postfix does for an unknown mailbox. */
  rejectRecipients?: string[] | RegExp;
  /** Answered `451 4.3.0 … try again later` at RCPT TO (greylisting, a full queue). */
  deferRecipients?: string[] | RegExp;
  /** Refuse every message at the end of DATA with this reply, e.g. `{ code: 554, message: '5.7.1 Spam' }`. */
  rejectData?: { code: number; message: string };
  /** Require AUTH with these credentials (plain text allowed: the test server has no TLS). */
  auth?: { user: string; pass: string };
  /** Offer STARTTLS with smtp-server's built-in self-signed certificate (default: not offered). */
  starttls?: boolean;
};

const matches = (list: string[] | RegExp | undefined, address: string): boolean =>
  list === undefined
    ? false
    : Array.isArray(list)
      ? list.some((a) => a.toLowerCase() === address.toLowerCase())
      : list.test(address);

const smtpError = (code: number, message: string): Error =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1 and an ephemeral port, answering like a
 * Postfix relay: enhanced status codes and DSN advertised, unknown recipients refused with
 * 550 5.1.1. It keeps every accepted message, raw and parsed with mailparser.
 */
export const startSmtpServer = async (options: SmtpServerOptions = {}): Promise<TestSmtpServer> => {
  const received: ReceivedMail[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const notify = (): void => {
    for (const w of [...waiters]) {
      if (received.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const server = new SMTPServer({
    logger: false,
    banner: 'mx.test.example ESMTP',
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    ...(options.starttls ? {} : { disabledCommands: ['STARTTLS'] }),
    authOptional: options.auth === undefined,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass)
        return callback(null, { user: auth.username });
      return callback(smtpError(535, 'Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      if (matches(options.rejectRecipients, address.address))
        return callback(
          smtpError(
            550,
            `<${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`,
          ),
        );
      if (matches(options.deferRecipients, address.address))
        return callback(smtpError(451, `<${address.address}>: Recipient address rejected: try again later`));
      return callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err: Error) => callback(err));
      stream.on('end', () => {
        if (options.rejectData)
          return callback(smtpError(options.rejectData.code, options.rejectData.message));
        const raw = Buffer.concat(chunks);
        const queueId = `Q${(received.length + 1).toString(16).padStart(8, '0').toUpperCase()}`;
        simpleParser(raw).then(
          (parsed) => {
            const mailFrom = session.envelope.mailFrom;
            received.push({
              envelope: {
                mailFrom: mailFrom ? mailFrom.address : null,
                rcptTo: session.envelope.rcptTo.map((r) => r.address),
                envelopeId: session.envelope.dsn?.envid ?? null,
              },
              raw,
              parsed,
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : null,
            });
            callback(null, `Ok: queued as ${queueId}`);
            notify();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The server keeps listening after a client error; a test sees failures through its client.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;
  const credentials = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';

  return {
    host: '127.0.0.1',
    port,
    url: `smtp://${credentials}127.0.0.1:${port}`,
    messages: () => received.map((r) => r.parsed),
    received: () => [...received],
    waitFor: (n, timeoutMs = 5_000) =>
      new Promise<ParsedMail[]>((resolve, reject) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve(received.map((r) => r.parsed));
        };
        const timer = setTimeout(() => {
          const i = waiters.findIndex((w) => w.resolve === done);
          if (i >= 0) waiters.splice(i, 1);
          reject(new Error(`expected ${n} message(s) within ${timeoutMs} ms, got ${received.length}`));
        }, timeoutMs);
        waiters.push({ n, resolve: done });
        notify();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
