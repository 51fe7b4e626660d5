import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSmsProvider, type TestSmsProvider } from '../../../test/support/sms-provider';
import { createHttpSmsProvider, type SmsProvider, type SmsRejected } from './http-sms-provider';

const TEXT = 'ACME: votre facture F-2026-0042 de 1250,00 EUR est echue. Reglez-la sur https://pay.example/x';

const expectRejected = (result: unknown): SmsRejected => {
  expect(result).toMatchObject({ status: 'rejected' });
  return result as SmsRejected;
};

describe('HTTP SMS provider against a real HTTP server', () => {
  let provider: TestSmsProvider;
  let sms: SmsProvider;
  beforeAll(async () => {
    provider = await startSmsProvider();
    sms = createHttpSmsProvider({
      url: provider.url,
      token: provider.token,
      sender: 'ACME',
      timeoutMs: 2_000,
      defaultCountry: 'FR',
    });
  });
  afterEach(() => provider.reset());
  afterAll(async () => {
    await provider.close();
  });

  it('posts the message in E.164 with the bearer token and returns the provider id', async () => {
    const before = provider.requests().length;
    const result = await sms.send({
      to: '06 12 34 56 78',
      text: TEXT,
      reference: 'msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E',
    });

    expect(result).toMatchObject({
      status: 'sent',
      providerId: `sms-${before + 1}`,
      to: '+33612345678',
      segments: { encoding: 'GSM-7', segments: 1 },
    });
    const request = provider.requests().at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/sms');
    expect(request?.headers.authorization).toBe(`Bearer ${provider.token}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('msg_01JD3K7Q9W2X8Y4Z6A5B3C1D0E');
    expect(request?.body).toEqual({ to: '+33612345678', from: 'ACME', text: TEXT });
  });

  it('reads a number in the debtor country given with the message', async () => {
    const result = await sms.send({ to: '0171 2345678', country: 'DE', text: TEXT });
    expect(result).toMatchObject({ status: 'sent', to: '+491712345678' });
  });

  it('reports the segments of a long accented text', async () => {
    const text = `Bonjour, nous n'avons pas reçu le règlement de la facture F-2026-0042. ${'Merci. '.repeat(5)}`;
    const result = await sms.send({ to: '+33 6 12 34 56 78', text });
    expect(result).toMatchObject({ status: 'sent', segments: { encoding: 'UCS-2', segments: 2 } });
  });

  it('refuses an invalid number with a clear reason, without calling the provider', async () => {
    const before = provider.requests().length;
    const result = expectRejected(await sms.send({ to: '06 12 34', text: TEXT }));
    expect(result).toMatchObject({ permanent: true, kind: 'recipient', httpStatus: null });
    expect(result.reason).toBe('"06 12 34" is not a valid French number: +33 is followed by 9 digits');
    expect(provider.requests()).toHaveLength(before);
  });

  it('reports a 400 as permanent, in the provider own words', async () => {
    provider.respondWith({ status: 400, body: { error: 'Destination number is not a mobile number' } });
    const result = expectRejected(await sms.send({ to: '01 42 68 53 00', text: TEXT }));
    expect(result).toMatchObject({
      permanent: true,
      kind: 'message',
      httpStatus: 400,
      reason: '400 Destination number is not a mobile number',
    });
    expect(result.retryAfterSeconds).toBeUndefined();
  });

  it('reports a 503 as temporary, honouring Retry-After', async () => {
    provider.respondWith({
      status: 503,
      body: { message: 'maintenance' },
      headers: { 'retry-after': '120' },
    });
    const result = expectRejected(await sms.send({ to: '06 12 34 56 78', text: TEXT }));
    expect(result).toMatchObject({
      permanent: false,
      kind: 'provider',
      httpStatus: 503,
      retryAfterSeconds: 120,
      reason: '503 maintenance',
    });
  });

  it('reports a 500 without a body as temporary with a default retry hint', async () => {
    provider.respondWith({ status: 500, body: '' });
    const result = expectRejected(await sms.send({ to: '06 12 34 56 78', text: TEXT }));
    expect(result).toMatchObject({ permanent: false, kind: 'provider', httpStatus: 500 });
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('reports a 429 as temporary, though it is a 4xx', async () => {
    provider.respondWith({ status: 429, body: { error: 'rate limited' }, headers: { 'retry-after': '5' } });
    const result = expectRejected(await sms.send({ to: '06 12 34 56 78', text: TEXT }));
    expect(result).toMatchObject({
      permanent: false,
      kind: 'rate-limit',
      httpStatus: 429,
      retryAfterSeconds: 5,
    });
  });

  it('does not follow a redirect, which would turn the POST into a GET', async () => {
    provider.respondWith({ status: 302, headers: { location: 'https://elsewhere.example/sms' } });
    const result = expectRejected(await sms.send({ to: '06 12 34 56 78', text: TEXT }));
    expect(result).toMatchObject({ permanent: false, kind: 'provider', httpStatus: 302 });
    expect(result.reason).toContain('https://elsewhere.example/sms');
  });

  it('reports a provider that does not answer in time as temporary', async () => {
    provider.respondWith({ status: 201, delayMs: 5_000 });
    const slow = createHttpSmsProvider({
      url: provider.url,
      token: provider.token,
      sender: 'ACME',
      timeoutMs: 200,
    });
    const started = Date.now();
    const result = expectRejected(await slow.send({ to: '+33612345678', text: TEXT }));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ permanent: false, kind: 'timeout', httpStatus: null });
    expect(result.reason).toContain('200 ms');
  });

  it('reports a wrong token as an authentication problem to fix, not a bad message', async () => {
    const wrong = createHttpSmsProvider({ url: provider.url, token: 'expired', sender: 'ACME' });
    const result = expectRejected(await wrong.send({ to: '+33612345678', text: TEXT }));
    expect(result).toMatchObject({ permanent: false, kind: 'authentication', httpStatus: 401 });
    expect(result.reason).toBe('401 The access token is invalid');
  });
});

describe('HTTP SMS provider configuration and outages', () => {
  it('reports a refused connection as temporary', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const sms = createHttpSmsProvider({ url: `http://127.0.0.1:${port}/v1/sms`, token: 't', sender: 'ACME' });
    const result = expectRejected(await sms.send({ to: '+33612345678', text: TEXT }));
    expect(result).toMatchObject({ permanent: false, kind: 'connection', httpStatus: null });
    expect(result.reason).toContain('ECONNREFUSED');
  });

  it('throws for an empty text: a template bug, not a delivery failure', async () => {
    const sms = createHttpSmsProvider({ url: 'http://127.0.0.1:9/v1/sms', token: 't', sender: 'ACME' });
    await expect(sms.send({ to: '+33612345678', text: '  ' })).rejects.toThrow(/empty text/);
  });

  it('refuses an unusable configuration when it is created', () => {
    const ok = { url: 'https://sms.example/v1', token: 't', sender: 'ACME' };
    expect(() => createHttpSmsProvider({ ...ok, url: 'ftp://sms.example' })).toThrow(/http\(s\)/);
    expect(() => createHttpSmsProvider({ ...ok, token: ' ' })).toThrow(/token/);
    expect(() => createHttpSmsProvider({ ...ok, sender: 'ACME Recouvrement' })).toThrow(/1 to 11/);
    expect(() => createHttpSmsProvider({ ...ok, sender: '+33 6 12 34 56 78' })).not.toThrow();
    expect(() => createHttpSmsProvider({ ...ok, sender: '38100' })).not.toThrow();
  });

  it('sends from a number in E.164 when the sender is one', async () => {
    const provider = await startSmsProvider();
    try {
      const sms = createHttpSmsProvider({
        url: provider.url,
        token: provider.token,
        sender: '+33 6 12 34 56 78',
      });
      await sms.send({ to: '+33700000001', text: TEXT });
      expect(provider.requests()[0]?.body).toMatchObject({ from: '+33612345678' });
    } finally {
      await provider.close();
    }
  });
});
