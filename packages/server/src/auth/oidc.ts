import * as client from 'openid-client';
import type { Tx } from '../db/tenancy';

/** What the server needs to know about one OpenID Connect provider. */
export type OidcProvider = {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
};

/** The person the provider vouched for, from the ID token (and the userinfo endpoint if needed). */
export type OidcIdentity = {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
};

/** What the browser's round trip must bring back: kept server-side, keyed by `state`. */
export type OidcChecks = { readonly state: string; readonly nonce: string; readonly codeVerifier: string };

export type OidcClients = {
  /** The provider's authorization URL for a new login, and the checks to keep until the callback. */
  begin(provider: OidcProvider, redirectUri: string): Promise<{ url: URL; checks: OidcChecks }>;
  /**
   * Exchanges the code of `callback` (the query string the provider sent back) for tokens;
   * openid-client checks the state, the PKCE verifier, the nonce and the ID token's signature,
   * issuer, audience and lifetime. Throws on any mismatch or provider error.
   */
  finish(
    provider: OidcProvider,
    redirectUri: string,
    callback: URLSearchParams,
    checks: OidcChecks,
  ): Promise<OidcIdentity>;
};

export const SSO_SCOPE = 'openid email profile';

/**
 * Clients for the configured providers; each provider's metadata is discovered on first use and
 * kept (a failed discovery is retried on the next login rather than cached).
 */
export const createOidcClients = (): OidcClients => {
  const configs = new Map<string, Promise<client.Configuration>>();
  const configOf = (provider: OidcProvider): Promise<client.Configuration> => {
    const key = `${provider.name}\n${provider.issuer}\n${provider.clientId}`;
    let config = configs.get(key);
    if (!config) {
      const issuer = new URL(provider.issuer);
      config = client.discovery(
        issuer,
        provider.clientId,
        undefined,
        client.ClientSecretBasic(provider.clientSecret),
        // Plain http only for a provider on this machine's test set-up; production issuers are https.
        issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      config.catch(() => configs.delete(key));
      configs.set(key, config);
    }
    return config;
  };

  return {
    async begin(provider, redirectUri) {
      const config = await configOf(provider);
      const checks: OidcChecks = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: SSO_SCOPE,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, checks };
    },

    async finish(provider, redirectUri, callback, checks) {
      const config = await configOf(provider);
      // The registered redirect URI, not the URL this server saw (a proxy may have rewritten it):
      // openid-client sends it to the token endpoint, which compares it with the authorization request.
      const currentUrl = new URL(redirectUri);
      for (const [key, value] of callback) currentUrl.searchParams.append(key, value);
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider sent no ID token');
      let email = typeof claims.email === 'string' ? claims.email : null;
      let emailVerified = claims.email_verified === true;
      let name = typeof claims.name === 'string' ? claims.name : null;
      // Many providers put the profile claims in the userinfo answer only (code flow).
      if (email === null && config.serverMetadata().userinfo_endpoint) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
        email = typeof info.email === 'string' ? info.email : null;
        emailVerified = info.email_verified === true;
        name ??= typeof info.name === 'string' ? info.name : null;
      }
      return { issuer: claims.iss, subject: claims.sub, email, emailVerified, name };
    },
  };
};

export type SsoMatch =
  | { readonly kind: 'ok'; readonly user: { id: string; username: string }; readonly linked: boolean }
  | { readonly kind: 'refused'; readonly reason: string; readonly username: string | null };

/**
 * The account an identity signs in to, in the tenant of `tx`: the one linked to (issuer,
 * subject), else the one with the same verified email, which is then linked (first login). No
 * account is ever created here: an administrator creates people before they can sign in.
 */
export const matchSsoUser = async (tx: Tx, identity: OidcIdentity): Promise<SsoMatch> => {
  const columns = ['id', 'username', 'status', 'sso_issuer', 'sso_subject'] as const;
  const linked = await tx
    .selectFrom('users')
    .select(columns)
    .where('sso_issuer', '=', identity.issuer)
    .where('sso_subject', '=', identity.subject)
    .executeTakeFirst();
  if (linked) {
    return linked.status === 'active'
      ? { kind: 'ok', user: linked, linked: false }
      : { kind: 'refused', reason: 'account disabled', username: linked.username };
  }
  // An unverified address proves nothing: anybody can type someone else's email at some providers.
  if (!identity.email || !identity.emailVerified) {
    return { kind: 'refused', reason: 'no linked account and no verified email', username: null };
  }
  const byEmail = await tx
    .selectFrom('users')
    .select(columns)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', identity.email!.toLowerCase()))
    .executeTakeFirst();
  if (!byEmail) return { kind: 'refused', reason: 'unknown user', username: null };
  if (byEmail.status !== 'active') {
    return { kind: 'refused', reason: 'account disabled', username: byEmail.username };
  }
  // Already linked to another identity: a second provider asserting the same email must not take it over.
  if (byEmail.sso_subject !== null) {
    return { kind: 'refused', reason: 'account linked to another identity', username: byEmail.username };
  }
  await tx
    .updateTable('users')
    .set({ sso_issuer: identity.issuer, sso_subject: identity.subject })
    .where('id', '=', byEmail.id)
    .execute();
  return { kind: 'ok', user: byEmail, linked: true };
};
