import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RecordedSmsRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body as sent. */
  readonly rawBody: string;
  /** The body parsed as JSON, undefined when it is not JSON. */
  readonly body: unknown;
};

/** How the next requests are answered. */
export type SmsProviderBehaviour = {
  readonly status: number;
  /** Sent as JSON; default `{ id: 'sms-<n>' }` for a 2xx, `{ error: '…' }` otherwise. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Wait this long before answering, to test timeouts. */
  readonly delayMs?: number;
};

export type TestSmsProvider = {
  /** `http://127.0.0.1:<port>/v1/sms` */
  readonly url: string;
  readonly token: string;
  requests(): RecordedSmsRequest[];
  /** Answer every following request this way (until called again). */
  respondWith(behaviour: SmsProviderBehaviour): void;
  /** Back to accepting every request with a valid token. */
  reset(): void;
  close(): Promise<void>;
};

/**
 * A real HTTP server on 127.0.0.1 standing in for an SMS provider's API: it records each request,
 * answers 401 to a wrong bearer token, and accepts (201 `{ id }`) unless told otherwise.
 */
export const startSmsProvider = async (options: { token?: string } = {}): Promise<TestSmsProvider> => {
  const token = options.token ?? 'test-sms-token';
  const recorded: RecordedSmsRequest[] = [];
  let behaviour: SmsProviderBehaviour | null = null;
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        body = undefined;
      }
      recorded.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, rawBody, body });
      const n = recorded.length;
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(payload));
      };
      if (req.headers.authorization !== `Bearer ${token}`)
        return answer(401, { error: 'invalid_token', error_description: 'The access token is invalid' });
      const b = behaviour ?? { status: 201 };
      const payload =
        b.body ?? (b.status < 300 ? { id: `sms-${n}` } : { error: `provider answered ${b.status}` });
      if (!b.delayMs) return answer(b.status, payload, b.headers);
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(b.status, payload, b.headers);
      }, b.delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1/sms`,
    token,
    requests: () => [...recorded],
    respondWith: (b) => {
      behaviour = b;
    },
    reset: () => {
      behaviour = null;
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
