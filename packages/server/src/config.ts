import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readChannelSettings, type ChannelSettings } from './dunning/channels/channels.config';
import type { SsoProviderConfig } from './http/sso.routes';

/** `QUITTANCE_SSO`: a JSON array of OpenID Connect providers (see SsoProviderConfig). */
const SsoProviders = z
  .array(
    z.object({
      name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a lower-case name for URLs'),
      tenant: z.string().min(1),
      issuer: z.url({ protocol: /^https?$/ }),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      label: z.string().min(1),
    }),
  )
  .refine((list) => new Set(list.map((p) => p.name)).size === list.length, 'provider names must be unique');

/** The environment, read once. Nothing else in the server reads process.env. */
const Env = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  QUITTANCE_DATA: z.string().min(1).default('./data'),
  QUITTANCE_TENANT: z.string().min(1).default('demo'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  QUITTANCE_SSO: z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (!text?.trim()) return [];
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'QUITTANCE_SSO must be a JSON array' });
        return z.NEVER;
      }
    })
    .pipe(SsoProviders),
});

export type Config = {
  readonly database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | 'memory' };
  readonly defaultTenant: string;
  readonly port: number;
  /** How messages leave: SMTP (SMTP_URL) or a pickup folder, and an SMS provider if configured. */
  readonly channels: ChannelSettings;
  /** Single sign-on providers (QUITTANCE_SSO); none when unset. */
  readonly sso: readonly SsoProviderConfig[];
};

export const loadConfig = (env: Record<string, string | undefined> = process.env): Config => {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${issues}`);
  }
  const e = parsed.data;
  return {
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: e.QUITTANCE_DATA === 'memory' ? 'memory' : e.QUITTANCE_DATA },
    defaultTenant: e.QUITTANCE_TENANT,
    port: e.PORT,
    channels: readChannelSettings(env, {
      dataDir: e.QUITTANCE_DATA === 'memory' ? join(tmpdir(), 'quittance') : e.QUITTANCE_DATA,
    }),
    sso: e.QUITTANCE_SSO,
  };
};
