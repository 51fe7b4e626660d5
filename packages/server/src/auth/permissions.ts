/**
 * What a person may do (PRODUCT.md F5, L2). A permission names an area and a verb; roles are
 * sets of permissions kept per tenant (the built-in ones below are created with the tenant and
 * can be edited; tenants add their own). Every API route requires one permission
 * (`route-permissions.ts`), and the web app's menu shows only what the user may open.
 */
export const PERMISSIONS = [
  'cases:read',
  'cases:write',
  'payments:write',
  'ledger:read',
  'ledger:write',
  'agreements:approve',
  'dunning:run',
  'rules:manage',
  'settings:manage',
  'tasks:reassign',
  'team:read',
  'users:manage',
  'audit:read',
  'gdpr:manage',
  'reports:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const isPermission = (value: string): value is Permission =>
  (PERMISSIONS as readonly string[]).includes(value);

export type BuiltinRole = {
  readonly code: string;
  readonly name: string;
  readonly permissions: readonly Permission[];
};

/** Roles every tenant starts with (L2). Portal roles have no back-office permission. */
export const BUILTIN_ROLES: readonly BuiltinRole[] = [
  { code: 'administrator', name: 'Administrator', permissions: PERMISSIONS },
  {
    code: 'supervisor',
    name: 'Supervisor',
    permissions: [
      'cases:read',
      'cases:write',
      'payments:write',
      'ledger:read',
      'agreements:approve',
      'dunning:run',
      'tasks:reassign',
      'team:read',
      'audit:read',
      'reports:read',
    ],
  },
  { code: 'collector', name: 'Collector', permissions: ['cases:read', 'cases:write', 'reports:read'] },
  {
    code: 'accountant',
    name: 'Accountant',
    permissions: ['cases:read', 'ledger:read', 'ledger:write', 'payments:write', 'reports:read'],
  },
  { code: 'read-only', name: 'Read-only', permissions: ['cases:read', 'ledger:read', 'reports:read'] },
  { code: 'client', name: 'Portal: creditor client', permissions: [] },
  { code: 'debtor', name: 'Portal: debtor', permissions: [] },
  { code: 'partner', name: 'Portal: partner (lawyer, bailiff, agency)', permissions: [] },
];

/** The web app's menu (F5): an entry shows when the user holds its permission. */
export const MENU: readonly {
  readonly id: string;
  readonly path: string;
  readonly permission: Permission;
}[] = [
  { id: 'agenda', path: '/app/agenda', permission: 'cases:read' },
  { id: 'tasks', path: '/app/tasks', permission: 'cases:read' },
  { id: 'cases', path: '/app/cases', permission: 'cases:read' },
  { id: 'parties', path: '/app/parties', permission: 'cases:read' },
  { id: 'agreements', path: '/app/agreements', permission: 'cases:read' },
  { id: 'payments', path: '/app/payments', permission: 'payments:write' },
  { id: 'ledger', path: '/app/ledger', permission: 'ledger:read' },
  { id: 'interest', path: '/app/interest', permission: 'cases:read' },
  { id: 'dunning', path: '/app/dunning', permission: 'dunning:run' },
  { id: 'rules', path: '/app/rules', permission: 'rules:manage' },
  { id: 'team', path: '/app/team', permission: 'team:read' },
  { id: 'users', path: '/app/admin/users', permission: 'users:manage' },
  { id: 'audit', path: '/app/audit', permission: 'audit:read' },
];

export const menuFor = (permissions: ReadonlySet<string>) =>
  MENU.filter((entry) => permissions.has(entry.permission)).map(({ id, path }) => ({ id, path }));
