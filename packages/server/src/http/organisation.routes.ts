import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CommandResult, IsoDate, MoneyDto } from '@quittance/api-contract';
import { DomainError } from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tx } from '../db/tenancy';
import type { Principal } from '../auth/authentication';
import type { CommandContext } from '../application/context';
import { newCorrelationId } from '../event-store/event-store';
import { agendaOf, teamOf } from '../organisation/agenda';
import {
  cancelAbsence,
  createAbsence,
  getPortfolio,
  getTeam,
  listAbsences,
  listPortfolios,
  listTeams,
  savePortfolio,
  saveTeam,
  type OrganisationActor,
} from '../organisation/organisation';
import { reassignPortfolio } from '../organisation/tasks';
import type { AppEnv } from './app';
import { clientIp } from './auth';
import { json, problemResponse } from './openapi-responses';

export type OrganisationRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly today: (c: never) => string;
  readonly trustProxy: boolean;
};

const Priority = z.enum(['low', 'normal', 'high', 'urgent']);

const Agenda = z
  .object({
    user: z.string(),
    asOf: IsoDate,
    substituting: z.array(z.string()).meta({ description: 'Absent users whose agenda this user covers' }),
    byType: z.array(
      z.object({
        taskType: z.string(),
        toDo: z.number().int().meta({ description: 'Open, due on asOf or earlier' }),
        waiting: z.number().int().meta({ description: 'Open, due later' }),
        overdue: z.number().int(),
        total: z.number().int(),
        balances: z.array(MoneyDto).meta({ description: 'What the cases concerned owe, per currency' }),
      }),
    ),
    tasks: z.array(
      z.object({
        id: z.string(),
        caseId: z.string(),
        caseNumber: z.string(),
        debtorName: z.string().nullable(),
        title: z.string(),
        taskType: z.string(),
        priority: Priority,
        due: IsoDate,
        status: z.enum(['open', 'done']),
        overdue: z.boolean(),
        assignee: z.string().nullable(),
        balance: MoneyDto,
      }),
    ),
    stoppedCases: z.array(
      z.object({
        caseId: z.string(),
        caseNumber: z.string(),
        debtorName: z.string().nullable(),
        reason: z.enum(['manual-mode', 'no-strategy']),
        balance: MoneyDto,
      }),
    ),
  })
  .meta({ id: 'Agenda' });

const TeamView = z
  .object({
    supervisor: z.string(),
    members: z.array(
      z.object({
        username: z.string(),
        displayName: z.string(),
        team: z.string().nullable(),
        openTasks: z.number().int(),
        overdueTasks: z.number().int(),
        cases: z.number().int(),
        balances: z.array(MoneyDto),
        absence: z.object({ from: IsoDate, to: IsoDate, substitute: z.string() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'TeamView' });

const Team = z
  .object({
    code: z.string(),
    name: z.string(),
    supervisor: z.string().nullable(),
    members: z.array(z.string()),
  })
  .meta({ id: 'Team' });
const Portfolio = z
  .object({ code: z.string(), name: z.string(), team: z.string().nullable(), owner: z.string().nullable() })
  .meta({ id: 'Portfolio' });
const Absence = z
  .object({
    id: z.string(),
    username: z.string(),
    substitute: z.string(),
    from: IsoDate,
    to: IsoDate,
    reason: z.string().nullable(),
    createdBy: z.string(),
    cancelled: z.boolean(),
  })
  .meta({ id: 'Absence' });

const CodeParam = z.object({ code: z.string().meta({ param: { name: 'code', in: 'path' } }) });
const IdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** Teams, portfolios, absences, the agenda, the supervisor's view and task reassignment (F1–F6, B8). */
export const mountOrganisationRoutes = (app: OpenAPIHono<AppEnv>, deps: OrganisationRouteDeps): void => {
  const principalOf = (c: Context) => c.get('principal' as never) as Principal;
  const today = (c: Context) => deps.today(c as never);
  const read = <T>(c: Context, work: (tx: Tx) => Promise<T>) =>
    withTenant(deps.db, principalOf(c).tenant.id, work);
  const actorOf = (c: Context): OrganisationActor => {
    const principal = principalOf(c);
    return {
      tenantId: principal.tenant.id,
      username: principal.user.username,
      at: deps.clock(),
      origin: { ip: clientIp(c, deps.trustProxy), via: principal.via === 'api-key' ? 'api' : 'web' },
    };
  };
  /** A change to the organisation tables, with its audit record, in one transaction. */
  const change = <T>(c: Context, work: (tx: Tx, by: OrganisationActor) => Promise<T>) =>
    withTenant(deps.db, principalOf(c).tenant.id, (tx) => work(tx, actorOf(c)));
  const commandContext = (c: Context): CommandContext => {
    const principal = principalOf(c);
    return {
      db: deps.db,
      tenant: principal.tenant,
      actor: { kind: 'user', id: principal.user.username },
      origin: { ip: clientIp(c, deps.trustProxy), via: principal.via === 'api-key' ? 'api' : 'web' },
      now: deps.clock(),
      today: today(c),
      correlationId: newCorrelationId(),
      causationId: c.get('requestId'),
    };
  };
  const isAdministrator = (principal: Principal) =>
    principal.roles.includes('administrator') || principal.permissions.has('users:manage');

  // --- Agenda and the supervisor's view ---------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/agenda',
      tags: ['Organisation'],
      summary:
        "A user's agenda: their open tasks and those of the people they cover, counted per task type, and their cases no automation drives",
      request: {
        query: z.object({
          user: z
            .string()
            .optional()
            .meta({ description: "Default: the signed-in user; another's needs team:read" }),
          asOf: IsoDate.optional(),
        }),
      },
      responses: {
        200: json(Agenda, 'The agenda'),
        403: problemResponse("Another user's agenda without team:read"),
      },
    }),
    async (c) => {
      const principal = principalOf(c);
      const user = c.req.valid('query').user ?? principal.user.username;
      if (user !== principal.user.username && !principal.permissions.has('team:read')) {
        throw new DomainError('forbidden', "reading another user's agenda needs the permission team:read");
      }
      return c.json(await read(c, (tx) => agendaOf(tx, user, today(c))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/team',
      tags: ['Organisation'],
      summary: "A supervisor's people: open and overdue tasks, cases, balances and absences",
      request: {
        query: z.object({
          supervisor: z
            .string()
            .optional()
            .meta({ description: 'Default: the signed-in user; others: administrators' }),
          asOf: IsoDate.optional(),
        }),
      },
      responses: { 200: json(TeamView, 'The team'), 403: problemResponse("Another supervisor's team") },
    }),
    async (c) => {
      const principal = principalOf(c);
      const supervisor = c.req.valid('query').supervisor ?? principal.user.username;
      if (supervisor !== principal.user.username && !isAdministrator(principal)) {
        throw new DomainError('forbidden', "only an administrator may look at another supervisor's team");
      }
      return c.json(await read(c, (tx) => teamOf(tx, supervisor, today(c))), 200);
    },
  );

  // --- Teams ------------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/teams',
      tags: ['Organisation'],
      summary: 'Teams with their supervisor and members',
      responses: { 200: json(z.object({ items: z.array(Team) }), 'Teams') },
    }),
    async (c) => c.json({ items: await read(c, listTeams) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/teams/{code}',
      tags: ['Organisation'],
      summary: 'One team',
      request: { params: CodeParam },
      responses: { 200: json(Team, 'The team'), 404: problemResponse('No such team') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      return c.json(await read(c, (tx) => getTeam(tx, code)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/teams/{code}',
      tags: ['Organisation'],
      summary: 'Create or change a team (members are set on their accounts)',
      request: {
        params: CodeParam,
        ...body(
          z.object({
            name: z.string().min(1).max(200),
            supervisor: z.string().max(100).nullable().optional(),
          }),
        ),
      },
      responses: { 200: json(Team, 'Saved'), 422: problemResponse('Invalid code or unknown supervisor') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await change(c, (tx, by) => saveTeam(tx, by, code, input)), 200);
    },
  );

  // --- Portfolios -------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/portfolios',
      tags: ['Organisation'],
      summary: 'Portfolios with their team and owner',
      responses: { 200: json(z.object({ items: z.array(Portfolio) }), 'Portfolios') },
    }),
    async (c) => c.json({ items: await read(c, listPortfolios) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/portfolios/{code}',
      tags: ['Organisation'],
      summary: 'One portfolio',
      request: { params: CodeParam },
      responses: { 200: json(Portfolio, 'The portfolio'), 404: problemResponse('No such portfolio') },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      return c.json(await read(c, (tx) => getPortfolio(tx, code)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/portfolios/{code}',
      tags: ['Organisation'],
      summary: 'Create or change a portfolio',
      request: {
        params: CodeParam,
        ...body(
          z.object({
            name: z.string().min(1).max(200),
            team: z.string().max(100).nullable().optional(),
            owner: z.string().max(100).nullable().optional(),
          }),
        ),
      },
      responses: {
        200: json(Portfolio, 'Saved'),
        422: problemResponse('Invalid code, unknown team or owner'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await change(c, (tx, by) => savePortfolio(tx, by, code, input)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/portfolios/{code}/reassign',
      tags: ['Organisation'],
      summary:
        'Move a portfolio to another manager: every open case of it, and the open tasks its previous manager held, as case events',
      request: {
        params: CodeParam,
        ...body(z.object({ to: z.string().min(1).max(100), reason: z.string().max(500).optional() })),
      },
      responses: {
        201: json(
          z.object({ portfolio: z.string(), to: z.string(), cases: z.array(CommandResult) }),
          'The cases that changed, with their events',
        ),
        404: problemResponse('No such portfolio'),
        422: problemResponse('Unknown or disabled user'),
      },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const input = c.req.valid('json');
      return c.json(await reassignPortfolio(commandContext(c), code, input), 201);
    },
  );

  // --- Absences ---------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/absences',
      tags: ['Organisation'],
      summary: 'Absences still running on or after a date (default: today), by user',
      request: {
        query: z.object({
          user: z.string().optional(),
          from: IsoDate.optional(),
          cancelled: z
            .enum(['true', 'false'])
            .default('false')
            .meta({ description: 'Include cancelled ones' }),
          asOf: IsoDate.optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(Absence) }), 'Absences') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const items = await read(c, (tx) =>
        listAbsences(tx, {
          username: q.user,
          from: q.from ?? today(c),
          includeCancelled: q.cancelled === 'true',
        }),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/absences',
      tags: ['Organisation'],
      summary:
        "Record an absence: the user's agenda goes to the substitute from one date to another (included)",
      request: {
        ...body(
          z.object({
            username: z.string().min(1).max(100),
            substitute: z.string().min(1).max(100),
            from: IsoDate,
            to: IsoDate,
            reason: z.string().max(500).optional(),
          }),
        ),
      },
      responses: {
        201: json(Absence, 'Recorded'),
        409: problemResponse('Overlaps another absence of the user, or the substitute is absent'),
        422: problemResponse('Unknown user or substitute, or dates in the wrong order'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      return c.json(await change(c, (tx, by) => createAbsence(tx, by, input)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/absences/{id}/cancel',
      tags: ['Organisation'],
      summary: 'Cancel an absence',
      request: { params: IdParam },
      responses: { 200: json(Absence, 'Cancelled'), 404: problemResponse('No such absence') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await change(c, (tx, by) => cancelAbsence(tx, by, id)), 200);
    },
  );
};
