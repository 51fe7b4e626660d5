import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import type { AppEnv } from './app';

export type ForecastHelpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
};

/** The cash forecast and the cash objectives (issue 8, D9). */
export const mountForecastRoutes = (_app: OpenAPIHono<AppEnv>, _helpers: ForecastHelpers): void => {};
