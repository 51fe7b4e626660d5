import type { Permission } from '../auth/permissions';

/**
 * The permission every API route requires (F5, L2), by method and route pattern (Hono's
 * `:param` form). The first matching line wins. A route no line covers is refused to everyone
 * (fail closed), and a test walks the OpenAPI document to prove every route is covered.
 *
 * `public`: callable without a session (login, password reset, single sign-on).
 * `self`: any signed-in person, for their own account (profile, MFA, own API keys, logout).
 */
export type RouteAccess = Permission | 'public' | 'self';

type Line = readonly [method: string, pattern: string, access: RouteAccess];

const LINES: readonly Line[] = [
  // Authentication and one's own account.
  ['POST', '/api/v1/auth/login', 'public'],
  ['POST', '/api/v1/auth/password/forgot', 'public'],
  ['POST', '/api/v1/auth/password/reset', 'public'],
  ['GET', '/api/v1/auth/sso/*', 'public'],
  ['POST', '/api/v1/auth/sso/*', 'public'],
  ['*', '/api/v1/auth/*', 'self'],
  ['GET', '/api/v1/me/*', 'self'],

  // Administration.
  ['*', '/api/v1/users*', 'users:manage'],
  ['*', '/api/v1/roles*', 'users:manage'],
  ['*', '/api/v1/api-keys*', 'users:manage'],
  ['GET', '/api/v1/audit*', 'audit:read'],
  ['*', '/api/v1/gdpr*', 'gdpr:manage'],
  ['*', '/api/v1/parties/:id/personal-data*', 'gdpr:manage'],
  ['*', '/api/v1/parties/:id/erasure*', 'gdpr:manage'],

  // Organisation, agenda and tasks.
  ['GET', '/api/v1/agenda*', 'cases:read'],
  ['GET', '/api/v1/team', 'team:read'],
  ['GET', '/api/v1/teams*', 'cases:read'],
  ['GET', '/api/v1/portfolios*', 'cases:read'],
  ['*', '/api/v1/teams*', 'users:manage'],
  ['POST', '/api/v1/portfolios/:code/reassign', 'tasks:reassign'],
  ['*', '/api/v1/portfolios*', 'users:manage'],
  ['GET', '/api/v1/absences*', 'cases:read'],
  ['*', '/api/v1/absences*', 'tasks:reassign'],
  ['POST', '/api/v1/tasks/reassign', 'tasks:reassign'],
  ['POST', '/api/v1/tasks/:taskId/reassign', 'tasks:reassign'],
  ['GET', '/api/v1/tasks*', 'cases:read'],
  ['POST', '/api/v1/tasks*', 'cases:write'],

  // Agreements: approving is the supervisor's; proposing is the collector's.
  ['POST', '/api/v1/payment-plans/:id/approve', 'agreements:approve'],
  ['POST', '/api/v1/payment-plans/:id/reject', 'agreements:approve'],
  ['POST', '/api/v1/disputes/:id/approve', 'agreements:approve'],
  ['POST', '/api/v1/disputes/:id/resolve', 'cases:write'],
  ['POST', '/api/v1/waivers/:id/approve', 'agreements:approve'],
  ['POST', '/api/v1/waivers/:id/reject', 'agreements:approve'],
  ['POST', '/api/v1/adjustments/:id/approve', 'agreements:approve'],
  ['POST', '/api/v1/adjustments/:id/reject', 'agreements:approve'],
  ['GET', '/api/v1/adjustments*', 'cases:read'],
  ['GET', '/api/v1/settings/*', 'cases:read'],
  ['*', '/api/v1/settings/*', 'settings:manage'],
  ['*', '/api/v1/direct-debits/*', 'payments:write'],
  ['GET', '/api/v1/payment-plans*', 'cases:read'],
  ['*', '/api/v1/payment-plans*', 'cases:write'],
  ['GET', '/api/v1/promises*', 'cases:read'],
  ['*', '/api/v1/promises*', 'cases:write'],
  ['GET', '/api/v1/disputes*', 'cases:read'],
  ['*', '/api/v1/disputes*', 'cases:write'],
  ['*', '/api/v1/waivers*', 'cases:write'],
  ['GET', '/api/v1/forecast*', 'reports:read'],
  ['GET', '/api/v1/cash-objectives*', 'reports:read'],
  ['*', '/api/v1/cash-objectives*', 'settings:manage'],

  // Cases and parties.
  ['GET', '/api/v1/cases*', 'cases:read'],
  ['POST', '/api/v1/cases/:id/payments*', 'payments:write'],
  ['POST', '/api/v1/cases/:id/allocations*', 'payments:write'],
  ['POST', '/api/v1/cases/:id/refunds*', 'payments:write'],
  ['*', '/api/v1/cases*', 'cases:write'],
  ['GET', '/api/v1/parties*', 'cases:read'],
  ['*', '/api/v1/parties*', 'cases:write'],
  ['GET', '/api/v1/companies*', 'cases:read'],
  ['*', '/api/v1/companies*', 'settings:manage'],
  ['*', '/api/v1/imports*', 'payments:write'],

  // Money.
  ['GET', '/api/v1/ledger*', 'ledger:read'],
  ['*', '/api/v1/ledger*', 'ledger:write'],
  ['GET', '/api/v1/posting-schemes*', 'ledger:read'],
  ['*', '/api/v1/posting-schemes*', 'ledger:write'],
  ['GET', '/api/v1/fx-rates*', 'ledger:read'],
  ['*', '/api/v1/fx-rates*', 'ledger:write'],
  ['GET', '/api/v1/bank-*', 'cases:read'],
  ['*', '/api/v1/bank-*', 'payments:write'],
  ['GET', '/api/v1/refund-exports*', 'ledger:read'],
  ['*', '/api/v1/refund-exports*', 'payments:write'],
  ['*', '/api/v1/payments*', 'payments:write'],
  ['GET', '/api/v1/interest*', 'cases:read'],
  ['*', '/api/v1/interest*', 'cases:write'],
  ['GET', '/api/v1/reference-rates*', 'cases:read'],
  ['*', '/api/v1/reference-rates*', 'settings:manage'],

  // Dunning and rules.
  ['GET', '/api/v1/documents/*', 'cases:read'],
  ['POST', '/api/v1/messages/bounces', 'dunning:run'],
  ['GET', '/api/v1/dunning/*', 'cases:read'],
  ['POST', '/api/v1/dunning/templates/preview', 'cases:read'],
  ['*', '/api/v1/dunning/templates*', 'rules:manage'],
  ['*', '/api/v1/dunning/*', 'dunning:run'],
  ['GET', '/api/v1/rule-sets*', 'cases:read'],
  ['*', '/api/v1/rule-sets*', 'rules:manage'],
  ['*', '/api/v1/rules/*', 'rules:manage'],
];

const compile = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '[^/]+'))
      .join('.*')}$`,
  );

const COMPILED = LINES.map(([method, pattern, access]) => ({ method, regex: compile(pattern), access }));

/**
 * What a route requires; `undefined` when no line covers it (refused). `route` is the matched
 * route's pattern (`/api/v1/cases/:id`), or the raw path when no route matched.
 */
export const accessFor = (method: string, route: string): RouteAccess | undefined =>
  COMPILED.find((line) => (line.method === '*' || line.method === method) && line.regex.test(route))?.access;
