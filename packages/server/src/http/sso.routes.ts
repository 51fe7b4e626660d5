import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Db } from '../db/database';
import type { AuthSettings } from '../auth/authentication';
import type { AppEnv } from './app';

/** One OpenID Connect provider a tenant signs in with. */
export type SsoProviderConfig = {
  /** The name in URLs: `/api/v1/auth/sso/{name}/start`. */
  readonly name: string;
  /** The tenant whose users this provider signs in. */
  readonly tenant: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Shown on the login page, e.g. "Sign in with Contoso". */
  readonly label: string;
};

export type SsoRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly settings: AuthSettings;
  readonly providers: readonly SsoProviderConfig[];
  readonly trustProxy: boolean;
  readonly publicUrl?: string | undefined;
};

/** Single sign-on with OpenID Connect (authorization code flow with PKCE). */
export const mountSsoRoutes = (_app: OpenAPIHono<AppEnv>, _deps: SsoRouteDeps): void => {};
