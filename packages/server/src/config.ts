import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readChannelSettings, type ChannelSettings } from './dunning/channels/channels.config';

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
});

export type Config = {
  readonly database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | 'memory' };
  readonly defaultTenant: string;
  readonly port: number;
  /** How messages leave: SMTP (SMTP_URL) or a pickup folder, and an SMS provider if configured. */
  readonly channels: ChannelSettings;
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
  };
};
