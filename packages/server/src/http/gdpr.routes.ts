import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/database';
import type { AppEnv } from './app';

export type GdprRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly today: (c: never) => string;
  readonly trustProxy: boolean;
};

/** GDPR (L1): a person's data exported as JSON; erasure by anonymisation unless retention applies. */
export const mountGdprRoutes = (_app: OpenAPIHono<AppEnv>, _deps: GdprRouteDeps): void => {};
