import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/database';
import type { AppEnv } from './app';

export type OrganisationRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly today: (c: never) => string;
  readonly trustProxy: boolean;
};

/** Teams, portfolios, absences, the agenda, the supervisor's view and task reassignment (F1–F6, B8). */
export const mountOrganisationRoutes = (_app: OpenAPIHono<AppEnv>, _deps: OrganisationRouteDeps): void => {};
