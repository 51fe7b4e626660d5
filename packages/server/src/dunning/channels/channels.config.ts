// Which email and SMS channels a server runs with, read from the environment that config.ts
// hands over (nothing here reads process.env). Without SMTP_URL, email goes to a pickup folder.

import { join } from 'node:path';
import { z } from 'zod';
import { createPickupMailer } from './pickup-mailer';
import { createSmtpMailer, parseSmtpUrl, type SmtpMailerConfig } from './smtp-mailer';
import { createHttpSmsProvider, type HttpSmsProviderConfig, type SmsProvider } from './http-sms-provider';
import { isPhoneCountry, type PhoneCountry } from './phone-number';
import type { Mailer } from './mailer';

export type MailSettings = { kind: 'smtp'; config: SmtpMailerConfig } | { kind: 'pickup'; dir: string };
export type SmsSettings = { kind: 'http'; config: HttpSmsProviderConfig } | { kind: 'none' };
export type ChannelSettings = { readonly mail: MailSettings; readonly sms: SmsSettings };

const blankIsAbsent = (value: unknown): unknown => (value === '' ? undefined : value);
const flag = z.preprocess(
  blankIsAbsent,
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .optional(),
);
const milliseconds = z.preprocess(blankIsAbsent, z.coerce.number().int().min(100).max(600_000).optional());
const text = z.preprocess(blankIsAbsent, z.string().min(1).optional());

const Env = z.object({
  SMTP_URL: text.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        parseSmtpUrl(v);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'SMTP_URL must be smtp://user:pass@host:port or smtps://user:pass@host:port' },
  ),
  SMTP_REQUIRE_TLS: flag,
  SMTP_TIMEOUT_MS: milliseconds,
  SMTP_POOL_MAX_CONNECTIONS: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(50).optional()),
  MAIL_PICKUP_DIR: text,
  SMS_PROVIDER_URL: z.preprocess(blankIsAbsent, z.url({ protocol: /^https?$/ }).optional()),
  SMS_PROVIDER_TOKEN: text,
  SMS_SENDER: text,
  SMS_TIMEOUT_MS: milliseconds,
  SMS_DEFAULT_COUNTRY: z.preprocess(
    (v) => (typeof v === 'string' && v !== '' ? v.toUpperCase() : undefined),
    z
      .string()
      .refine(isPhoneCountry, {
        message: 'SMS_DEFAULT_COUNTRY must be one of the countries numbers are read for',
      })
      .optional(),
  ),
});

/**
 * Channel settings from environment variables. `dataDir` is where the pickup folder goes by
 * default (`<dataDir>/outbox`). Throws an Error listing every invalid variable; secrets are never
 * echoed.
 */
export const readChannelSettings = (
  env: Record<string, string | undefined>,
  defaults: { dataDir: string },
): ChannelSettings => {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid channel settings: ${issues}`);
  }
  const e = parsed.data;
  const mail: MailSettings = e.SMTP_URL
    ? {
        kind: 'smtp',
        config: {
          url: e.SMTP_URL,
          ...(e.SMTP_REQUIRE_TLS !== undefined ? { requireTLS: e.SMTP_REQUIRE_TLS } : {}),
          ...(e.SMTP_TIMEOUT_MS !== undefined
            ? { timeouts: { connectionMs: e.SMTP_TIMEOUT_MS, greetingMs: e.SMTP_TIMEOUT_MS } }
            : {}),
          ...(e.SMTP_POOL_MAX_CONNECTIONS !== undefined
            ? { pool: { maxConnections: e.SMTP_POOL_MAX_CONNECTIONS } }
            : {}),
        },
      }
    : { kind: 'pickup', dir: e.MAIL_PICKUP_DIR ?? join(defaults.dataDir, 'outbox') };

  const smsVariables = [e.SMS_PROVIDER_URL, e.SMS_PROVIDER_TOKEN, e.SMS_SENDER];
  if (smsVariables.some((v) => v !== undefined) && smsVariables.some((v) => v === undefined))
    throw new Error(
      'invalid channel settings: SMS_PROVIDER_URL, SMS_PROVIDER_TOKEN and SMS_SENDER go together',
    );
  const sms: SmsSettings =
    e.SMS_PROVIDER_URL && e.SMS_PROVIDER_TOKEN && e.SMS_SENDER
      ? {
          kind: 'http',
          config: {
            url: e.SMS_PROVIDER_URL,
            token: e.SMS_PROVIDER_TOKEN,
            sender: e.SMS_SENDER,
            ...(e.SMS_TIMEOUT_MS !== undefined ? { timeoutMs: e.SMS_TIMEOUT_MS } : {}),
            ...(e.SMS_DEFAULT_COUNTRY !== undefined
              ? { defaultCountry: e.SMS_DEFAULT_COUNTRY as PhoneCountry }
              : {}),
          },
        }
      : { kind: 'none' };
  return { mail, sms };
};

export const createMailer = (settings: MailSettings): Mailer =>
  settings.kind === 'smtp' ? createSmtpMailer(settings.config) : createPickupMailer(settings.dir);

/** Null when no SMS provider is configured: SMS steps then cannot go out. */
export const createSmsProvider = (settings: SmsSettings): SmsProvider | null =>
  settings.kind === 'http' ? createHttpSmsProvider(settings.config) : null;
