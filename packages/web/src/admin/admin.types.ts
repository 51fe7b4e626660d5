export type User = {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: string[];
  status: 'active' | 'disabled';
  team: string | null;
  supervisor: string | null;
  language: string;
  mfaEnabled: boolean;
  sso: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
};

export type Role = { code: string; name: string; permissions: string[]; builtin: boolean };
export type Roles = { items: Role[]; permissions: string[] };

export type ApiKey = {
  id: string;
  name: string;
  owner: string;
  prefix: string;
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Adds or removes `value` from a list, keeping the list's order. */
export function toggle(list: readonly string[], value: string, on: boolean): string[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value);
}
