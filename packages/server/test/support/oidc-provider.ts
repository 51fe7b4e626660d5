import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// oidc-provider ships no type declarations (and there is no @types package for v8 installed).
// @ts-expect-error -- untyped module; the little of it used here is typed below.
import Provider from 'oidc-provider';

/** A person the test provider knows: the subject it asserts and the claims it releases. */
export type TestOidcAccount = {
  readonly subject: string;
  readonly email: string;
  readonly emailVerified?: boolean;
  readonly name?: string;
};

export type TestOidcClient = {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
};

export type TestOidcProvider = {
  /** e.g. `http://127.0.0.1:40124`, the issuer and the base of every endpoint. */
  readonly issuer: string;
  /**
   * Registers the relying party and starts answering. The provider listens first so that its
   * issuer can go into the app's configuration, and is configured once the app's port (hence
   * its callback URL) is known.
   */
  register(client: TestOidcClient): void;
  close(): Promise<void>;
};

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;
type ProviderInstance = { callback(): NodeHandler };
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

/**
 * A real OpenID Connect provider (panva's oidc-provider) on an ephemeral port of 127.0.0.1, with
 * its development login and consent pages: any password is accepted for a known login, which is
 * the subject of an account. Authorization code flow only, PKCE required, claims released by
 * scope (email and profile come from the userinfo endpoint, as with most real providers).
 */
export const startTestOidcProvider = async (
  accounts: readonly TestOidcAccount[],
): Promise<TestOidcProvider> => {
  let handler: NodeHandler | null = null;
  const server = createServer((req, res) => {
    if (handler) return handler(req, res);
    res.statusCode = 503;
    res.end('no client registered yet');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bySubject = new Map(accounts.map((a) => [a.subject, a]));

  return {
    issuer,
    register(client) {
      const provider = new (Provider as ProviderConstructor)(issuer, {
        clients: [
          {
            client_id: client.clientId,
            client_secret: client.clientSecret,
            redirect_uris: [...client.redirectUris],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        findAccount: (_ctx: unknown, subject: string) => {
          const account = bySubject.get(subject);
          if (!account) return undefined;
          return {
            accountId: subject,
            claims: () => ({
              sub: subject,
              email: account.email,
              email_verified: account.emailVerified ?? true,
              name: account.name ?? subject,
            }),
          };
        },
        claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
        features: { devInteractions: { enabled: true } },
        pkce: { required: () => true },
        cookies: { keys: ['test-oidc-provider-cookie-key'] },
        ttl: {
          AccessToken: 600,
          AuthorizationCode: 60,
          Grant: 3600,
          IdToken: 600,
          Interaction: 600,
          Session: 3600,
        },
      });
      handler = provider.callback();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
