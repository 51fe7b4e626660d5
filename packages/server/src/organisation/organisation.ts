import { DomainError, tryParseDate } from '@quittance/domain';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/tenancy';
import type { Organisation } from '../db/schema';
import { recordAudit, type Origin } from '../audit/audit-log';

// Teams, portfolios and absences (PRODUCT.md F3, F4, F6) and who supervises whom (B8). None of
// these is event-sourced: each change is written with its audit record in the same transaction.

/** Who changes the organisation, for the audit log. */
export type OrganisationActor = {
  readonly tenantId: string;
  readonly username: string;
  readonly at: Date;
  readonly origin?: Origin | null;
};

const audit = (
  tx: Tx,
  by: OrganisationActor,
  action: string,
  target: { type: string; id: string },
  detail: Record<string, unknown>,
) =>
  recordAudit(tx, {
    tenantId: by.tenantId,
    at: by.at,
    actor: { kind: 'user', id: by.username },
    origin: by.origin ?? null,
    action,
    target,
    detail,
  });

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const validCode = (code: string, what: string): string => {
  if (!CODE.test(code)) {
    throw new DomainError('validation_failed', `${what} code "${code}": letters, digits, ".", "_" and "-"`);
  }
  return code;
};

const nonEmpty = (value: string, what: string): string => {
  const trimmed = value.trim();
  if (trimmed === '') throw new DomainError('validation_failed', `${what} cannot be empty`);
  return trimmed;
};

const orNull = (value: string | null | undefined): string | null => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
};

/** A calendar date column as YYYY-MM-DD, whichever way the driver hands it over. */
export const dateOf = (value: string | Date): string =>
  typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10);

/** The user of that name, active, or a refusal naming what it is for. */
export const activeUser = async (tx: Tx, username: string, what: string) => {
  const user = await tx
    .selectFrom('users')
    .select(['username', 'display_name', 'status', 'team', 'supervisor'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) throw new DomainError('validation_failed', `${what}: no user "${username}"`);
  if (user.status !== 'active')
    throw new DomainError('validation_failed', `${what}: user "${username}" is disabled`);
  return user;
};

// --- Teams ------------------------------------------------------------------------------------

export type Team = { code: string; name: string; supervisor: string | null; members: string[] };

export const listTeams = async (tx: Tx): Promise<Team[]> => {
  const teams = await tx.selectFrom('teams').select(['code', 'name', 'supervisor']).orderBy('code').execute();
  const members = await tx
    .selectFrom('users')
    .select(['username', 'team'])
    .where('team', 'is not', null)
    .where('status', '=', 'active')
    .orderBy('username')
    .execute();
  return teams.map((t) => ({
    ...t,
    members: members.filter((m) => m.team === t.code).map((m) => m.username),
  }));
};

export const getTeam = async (tx: Tx, code: string): Promise<Team> => {
  const team = (await listTeams(tx)).find((t) => t.code === code);
  if (!team) throw new DomainError('not_found', `no team ${code}`);
  return team;
};

/** Creates or replaces a team; its supervisor must be an active user. */
export const saveTeam = async (
  tx: Tx,
  by: OrganisationActor,
  code: string,
  input: { name: string; supervisor?: string | null | undefined },
): Promise<Team> => {
  validCode(code, 'team');
  const name = nonEmpty(input.name, 'team name');
  const supervisor = orNull(input.supervisor);
  if (supervisor) await activeUser(tx, supervisor, 'team supervisor');
  const before = await tx.selectFrom('teams').selectAll().where('code', '=', code).executeTakeFirst();
  await tx
    .insertInto('teams')
    .values({ tenant_id: by.tenantId, code, name, supervisor })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet({ name, supervisor }))
    .execute();
  await audit(
    tx,
    by,
    before ? 'team.update' : 'team.create',
    { type: 'team', id: code },
    {
      name,
      supervisor,
      ...(before ? { previous: { name: before.name, supervisor: before.supervisor } } : {}),
    },
  );
  return getTeam(tx, code);
};

// --- Portfolios -------------------------------------------------------------------------------

export type Portfolio = { code: string; name: string; team: string | null; owner: string | null };

export const listPortfolios = (tx: Tx): Promise<Portfolio[]> =>
  tx.selectFrom('portfolios').select(['code', 'name', 'team', 'owner']).orderBy('code').execute();

export const getPortfolio = async (tx: Tx, code: string): Promise<Portfolio> => {
  const found = await tx
    .selectFrom('portfolios')
    .select(['code', 'name', 'team', 'owner'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!found) throw new DomainError('not_found', `no portfolio ${code}`);
  return found;
};

export const savePortfolio = async (
  tx: Tx,
  by: OrganisationActor,
  code: string,
  input: { name: string; team?: string | null | undefined; owner?: string | null | undefined },
): Promise<Portfolio> => {
  validCode(code, 'portfolio');
  const name = nonEmpty(input.name, 'portfolio name');
  const team = orNull(input.team);
  const owner = orNull(input.owner);
  if (team) {
    const known = await tx.selectFrom('teams').select('code').where('code', '=', team).executeTakeFirst();
    if (!known) throw new DomainError('validation_failed', `portfolio team: no team "${team}"`);
  }
  if (owner) await activeUser(tx, owner, 'portfolio owner');
  const before = await tx.selectFrom('portfolios').selectAll().where('code', '=', code).executeTakeFirst();
  await tx
    .insertInto('portfolios')
    .values({ tenant_id: by.tenantId, code, name, team, owner })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet({ name, team, owner }))
    .execute();
  await audit(
    tx,
    by,
    before ? 'portfolio.update' : 'portfolio.create',
    { type: 'portfolio', id: code },
    {
      name,
      team,
      owner,
      ...(before ? { previous: { name: before.name, team: before.team, owner: before.owner } } : {}),
    },
  );
  return getPortfolio(tx, code);
};

// --- Absences ---------------------------------------------------------------------------------

export type Absence = {
  id: string;
  username: string;
  substitute: string;
  from: string;
  to: string;
  reason: string | null;
  createdBy: string;
  cancelled: boolean;
};

type AbsenceRow = {
  id: string;
  username: string;
  substitute: string;
  from_date: string | Date;
  to_date: string | Date;
  reason: string | null;
  created_by: string;
  cancelled_at: Date | string | null;
};

const toAbsence = (r: AbsenceRow): Absence => ({
  id: r.id,
  username: r.username,
  substitute: r.substitute,
  from: dateOf(r.from_date),
  to: dateOf(r.to_date),
  reason: r.reason,
  createdBy: r.created_by,
  cancelled: r.cancelled_at !== null,
});

const ABSENCE_COLUMNS = [
  'id',
  'username',
  'substitute',
  'from_date',
  'to_date',
  'reason',
  'created_by',
  'cancelled_at',
] as const;

/** Absences, by user, those still running on or after `from`; cancelled ones only on request. */
export const listAbsences = async (
  tx: Tx,
  query: { username?: string | undefined; from?: string | undefined; includeCancelled?: boolean },
): Promise<Absence[]> => {
  let select = tx.selectFrom('absences').select(ABSENCE_COLUMNS).orderBy('from_date').orderBy('username');
  if (query.username) select = select.where('username', '=', query.username);
  if (query.from) select = select.where('to_date', '>=', query.from);
  if (!query.includeCancelled) select = select.where('cancelled_at', 'is', null);
  return (await select.execute()).map(toAbsence);
};

/** The absences of `username` (not cancelled) that share a day with [from, to]. */
const overlapping = (tx: Tx, username: string, from: string, to: string) =>
  tx
    .selectFrom('absences')
    .select(ABSENCE_COLUMNS)
    .where('username', '=', username)
    .where('cancelled_at', 'is', null)
    .where('from_date', '<=', to)
    .where('to_date', '>=', from)
    .execute();

/**
 * Records that `username` is away from `from` to `to` (both included) and who covers their agenda
 * meanwhile. Refused when they already have an absence sharing a day, or when the substitute is
 * away on one of those days themselves.
 */
export const createAbsence = async (
  tx: Tx,
  by: OrganisationActor,
  input: {
    username: string;
    substitute: string;
    from: string;
    to: string;
    reason?: string | null | undefined;
  },
): Promise<Absence> => {
  for (const [value, what] of [
    [input.from, 'absence from'],
    [input.to, 'absence to'],
  ] as const) {
    if (!tryParseDate(value)) throw new DomainError('invalid_date', `${what}: invalid date "${value}"`);
  }
  if (input.from > input.to) {
    throw new DomainError(
      'validation_failed',
      `an absence cannot end (${input.to}) before it starts (${input.from})`,
    );
  }
  if (input.username === input.substitute) {
    throw new DomainError('validation_failed', 'a person cannot substitute for themselves');
  }
  await activeUser(tx, input.username, 'absent user');
  await activeUser(tx, input.substitute, 'substitute');
  const clash = await overlapping(tx, input.username, input.from, input.to);
  if (clash.length > 0) {
    const other = toAbsence(clash[0]!);
    throw new DomainError(
      'conflict',
      `${input.username} is already absent from ${other.from} to ${other.to}`,
      { absenceId: other.id },
    );
  }
  const away = await overlapping(tx, input.substitute, input.from, input.to);
  if (away.length > 0) {
    const other = toAbsence(away[0]!);
    throw new DomainError(
      'conflict',
      `the substitute ${input.substitute} is absent from ${other.from} to ${other.to}`,
      { absenceId: other.id },
    );
  }
  const id = uuidv7();
  const reason = orNull(input.reason);
  await tx
    .insertInto('absences')
    .values({
      tenant_id: by.tenantId,
      id,
      username: input.username,
      substitute: input.substitute,
      from_date: input.from,
      to_date: input.to,
      reason,
      created_by: by.username,
      created_at: by.at,
    })
    .execute();
  await audit(
    tx,
    by,
    'absence.create',
    { type: 'absence', id },
    {
      username: input.username,
      substitute: input.substitute,
      from: input.from,
      to: input.to,
      reason,
    },
  );
  return {
    id,
    username: input.username,
    substitute: input.substitute,
    from: input.from,
    to: input.to,
    reason,
    createdBy: by.username,
    cancelled: false,
  };
};

/** Cancels an absence; cancelling it again changes nothing. */
export const cancelAbsence = async (tx: Tx, by: OrganisationActor, id: string): Promise<Absence> => {
  const row = /^[0-9a-f-]{36}$/i.test(id)
    ? await tx.selectFrom('absences').select(ABSENCE_COLUMNS).where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw new DomainError('not_found', `no absence ${id}`);
  if (row.cancelled_at !== null) return toAbsence(row);
  await tx.updateTable('absences').set({ cancelled_at: by.at }).where('id', '=', id).execute();
  await audit(
    tx,
    by,
    'absence.cancel',
    { type: 'absence', id },
    {
      username: row.username,
      substitute: row.substitute,
      from: dateOf(row.from_date),
      to: dateOf(row.to_date),
    },
  );
  return { ...toAbsence(row), cancelled: true };
};

/** Who covers `username` on `date`: the substitute of their absence that day, or null. */
export const substituteFor = async (tx: Tx, username: string, date: string): Promise<string | null> => {
  const row = await tx
    .selectFrom('absences')
    .select('substitute')
    .where('username', '=', username)
    .where('cancelled_at', 'is', null)
    .where('from_date', '<=', date)
    .where('to_date', '>=', date)
    .executeTakeFirst();
  return row?.substitute ?? null;
};

/** The people `username` covers on `date` (their absences name them as the substitute). */
export const substitutedBy = async (tx: Tx, username: string, date: string): Promise<string[]> => {
  const rows = await tx
    .selectFrom('absences')
    .select('username')
    .distinct()
    .where('substitute', '=', username)
    .where('cancelled_at', 'is', null)
    .where('from_date', '<=', date)
    .where('to_date', '>=', date)
    .orderBy('username')
    .execute();
  return rows.map((r) => r.username);
};

/** The current absence of each user absent on `date`, by username. */
export const absencesOn = async (tx: Tx, date: string): Promise<Map<string, Absence>> => {
  const rows = await tx
    .selectFrom('absences')
    .select(ABSENCE_COLUMNS)
    .where('cancelled_at', 'is', null)
    .where('from_date', '<=', date)
    .where('to_date', '>=', date)
    .execute();
  return new Map(rows.map((r) => [r.username, toAbsence(r)]));
};

// --- Supervision ------------------------------------------------------------------------------

const tenantOrganisation = async (tx: Tx, tenantId: string): Promise<Organisation> => {
  await tx
    .insertInto('tenant_settings')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  const row = await tx.selectFrom('tenant_settings').select('organisation').executeTakeFirstOrThrow();
  return row.organisation;
};

/**
 * Who supervises whom. A user's supervisor is the one named on their account, else the supervisor
 * of their team, else the tenant's settings (its table, then its default supervisor). The answer
 * has the settings' shape so that the approval limits and the escalation read it as before.
 */
export const organisationOf = async (tx: Tx, tenantId: string): Promise<Organisation> => {
  const settings = await tenantOrganisation(tx, tenantId);
  const users = await tx
    .selectFrom('users as u')
    .leftJoin('teams as t', 't.code', 'u.team')
    .select(['u.username', 'u.supervisor', 't.supervisor as team_supervisor'])
    .execute();
  const supervisors: Record<string, string> = { ...(settings.supervisors ?? {}) };
  for (const u of users) {
    const supervisor = u.supervisor ?? (u.team_supervisor !== u.username ? u.team_supervisor : null);
    if (supervisor) supervisors[u.username] = supervisor;
  }
  return { supervisors, defaultSupervisor: settings.defaultSupervisor ?? null };
};

/** The supervisor of one user (see `organisationOf`), or null when nobody is named anywhere. */
export const supervisorOf = (organisation: Organisation, username: string | null): string | null =>
  (username ? organisation.supervisors[username] : undefined) ?? organisation.defaultSupervisor ?? null;
