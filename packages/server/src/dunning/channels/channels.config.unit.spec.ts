import { describe, expect, it } from 'vitest';
import { readChannelSettings } from './channels.config';

const defaults = { dataDir: '/var/lib/quittance' };

describe('readChannelSettings', () => {
  it('writes email to a pickup folder under the data folder when no SMTP server is set', () => {
    expect(readChannelSettings({}, defaults)).toEqual({
      mail: { kind: 'pickup', dir: '/var/lib/quittance/outbox' },
      sms: { kind: 'none' },
    });
    expect(readChannelSettings({ SMTP_URL: '', MAIL_PICKUP_DIR: '/tmp/mail' }, defaults).mail).toEqual({
      kind: 'pickup',
      dir: '/tmp/mail',
    });
  });

  it('sends through SMTP when SMTP_URL is set', () => {
    const settings = readChannelSettings(
      {
        SMTP_URL: 'smtps://quittance:s3cret@smtp.acme.example',
        SMTP_REQUIRE_TLS: 'false',
        SMTP_TIMEOUT_MS: '5000',
        SMTP_POOL_MAX_CONNECTIONS: '4',
      },
      defaults,
    );
    expect(settings.mail).toEqual({
      kind: 'smtp',
      config: {
        url: 'smtps://quittance:s3cret@smtp.acme.example',
        requireTLS: false,
        timeouts: { connectionMs: 5000, greetingMs: 5000 },
        pool: { maxConnections: 4 },
      },
    });
  });

  it('configures the SMS provider from its three variables', () => {
    const settings = readChannelSettings(
      {
        SMS_PROVIDER_URL: 'https://sms.example/v1/messages',
        SMS_PROVIDER_TOKEN: 'tok',
        SMS_SENDER: 'ACME',
        SMS_TIMEOUT_MS: '3000',
        SMS_DEFAULT_COUNTRY: 'be',
      },
      defaults,
    );
    expect(settings.sms).toEqual({
      kind: 'http',
      config: {
        url: 'https://sms.example/v1/messages',
        token: 'tok',
        sender: 'ACME',
        timeoutMs: 3000,
        defaultCountry: 'BE',
      },
    });
  });

  it('names every invalid variable and never echoes a secret', () => {
    let message = '';
    try {
      readChannelSettings(
        { SMTP_URL: 'http://u:hunter2@mail.example', SMTP_REQUIRE_TLS: 'maybe', SMS_DEFAULT_COUNTRY: 'US' },
        defaults,
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/SMTP_URL/);
    expect(message).toMatch(/SMTP_REQUIRE_TLS/);
    expect(message).toMatch(/SMS_DEFAULT_COUNTRY/);
    expect(message).not.toContain('hunter2');
  });

  it('refuses a half-configured SMS provider', () => {
    expect(() => readChannelSettings({ SMS_PROVIDER_URL: 'https://sms.example' }, defaults)).toThrow(
      /SMS_PROVIDER_URL, SMS_PROVIDER_TOKEN and SMS_SENDER go together/,
    );
  });
});
