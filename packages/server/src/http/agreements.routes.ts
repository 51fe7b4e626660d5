import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import type { AppEnv } from './app';

export type AgreementHelpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
  clock: () => Date;
};

export const mountAgreementRoutes = (_app: OpenAPIHono<AppEnv>, _helpers: AgreementHelpers): void => {};
