import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { requestId } from 'hono/request-id';
import type { Context } from 'hono';
import {
  AddItemRequest,
  AddNoteRequest,
  AssignManagerRequest,
  AttachPartyRequest,
  ChangeCustomFieldsRequest,
  CaseDetail,
  CaseList,
  CaseListQuery,
  ChangePhaseRequest,
  Chrono,
  CommandResult,
  CreateCaseRequest,
  PartyList,
  PartyListQuery,
  PartyWithCases,
  ReasonRequest,
  RegisterPartyRequest,
  IsoDate,
} from '@quittance/api-contract';
import { DomainError, tryParseDate, type CaseCommand } from '@quittance/domain';
import type { Db } from '../db/database';
import { withTenant, type Tenant } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { newId, openCase, registerParty, runCaseCommands } from '../application/cases.commands';
import { newCorrelationId } from '../event-store/event-store';
import { getCaseDetail, getChrono, listCases } from '../read-models/case.queries';
import { getParty, listParties } from '../read-models/party.queries';
import { errorToProblem, problem, validationProblem } from './problem';
import { mountLedgerRoutes } from './ledger.routes';
import { mountPaymentRoutes } from './payments.routes';
import { mountInterestRoutes } from './interest.routes';
import { mountRulesRoutes } from './rules.routes';
import { mountDunningRoutes } from './dunning.routes';
import { mountAgreementRoutes } from './agreements.routes';
import { mountForecastRoutes } from './forecast.routes';
import type { DeliveryDeps } from '../dunning/deliver';
import { createPickupMailer } from '../dunning/channels';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRulesWorker, type RulesWorker } from '../rules/worker';
import { isUuid } from '../db/ids';
import { json, problemResponse } from './openapi-responses';
import { DEFAULT_AUTH, type AuthSettings, type Principal } from '../auth/authentication';
import { createLoginThrottle } from '../auth/throttle';
import { authenticate, clientIp } from './auth';
import { mountAuthRoutes } from './auth.routes';
import { mountAdminRoutes } from './admin.routes';
import { mountOrganisationRoutes } from './organisation.routes';
import { mountGdprRoutes } from './gdpr.routes';
import { mountSsoRoutes, type SsoProviderConfig } from './sso.routes';

export type AppEnv = { Variables: { tenant: Tenant; requestId: string; principal: Principal } };

export type AppDeps = {
  db: Db;
  databaseKind: 'pglite' | 'postgres';
  /** Tenants the API serves, by name; the `X-Tenant` header picks one, else the default. */
  resolveTenant: (name: string) => Promise<Tenant | undefined>;
  defaultTenant: string;
  clock: () => Date;
  /** A fixed business date (the CLI's --as-of); otherwise today's UTC date from the clock. */
  asOf?: string | undefined;
  /** The built web app; omitted in API-only tests. */
  webDist?: string | undefined;
  /** The Expert System runner; a manual one (runs on request only) when omitted. */
  rules?: RulesWorker | undefined;
  /** How messages leave (SMTP or a pickup folder, SMS); a pickup folder in the temp dir when omitted. */
  channels?: DeliveryDeps | undefined;
  /** Session lifetimes, lock-out and the authenticator's issuer name; defaults otherwise. */
  auth?: Partial<AuthSettings> | undefined;
  /** Trust X-Forwarded-For for the client's address (only behind a proxy that sets it). */
  trustProxy?: boolean | undefined;
  /** The address people open the app at, for links in emails (password reset). */
  publicUrl?: string | undefined;
  /** Single sign-on providers (OpenID Connect), by name. */
  sso?: readonly SsoProviderConfig[] | undefined;
};

const IdParam = z.object({
  id: z.string().meta({ param: { name: 'id', in: 'path' }, description: 'Case id (UUID)' }),
});
const AsOfQuery = z.object({ asOf: IsoDate.optional() });

export const createApp = (deps: AppDeps) => {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : validationProblem(c, result.error)),
  });
  app.use('*', requestId());
  app.onError((error, c) => errorToProblem(c, error));
  const rules = deps.rules ?? createRulesWorker({ db: deps.db, clock: deps.clock, asOf: deps.asOf });

  const today = (c: { req: { query: (k: string) => string | undefined } }): string => {
    const requested = c.req.query('asOf');
    if (requested && tryParseDate(requested)) return requested;
    return deps.asOf ?? deps.clock().toISOString().slice(0, 10);
  };

  app.get('/api/health', (c) => c.json({ status: 'ok', database: deps.databaseKind }));

  const authSettings: AuthSettings = { ...DEFAULT_AUTH, ...deps.auth };
  const resolveTenantById = (id: string): Promise<Tenant | undefined> =>
    isUuid(id)
      ? deps.db.selectFrom('tenants').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
      : Promise.resolve(undefined);
  const trustProxy = deps.trustProxy ?? false;
  app.use(
    '/api/v1/*',
    authenticate({
      db: deps.db,
      clock: deps.clock,
      settings: authSettings,
      resolveTenantById,
      resolveTenant: deps.resolveTenant,
      defaultTenant: deps.defaultTenant,
      trustProxy,
    }),
  );
  app.use('/api/v1/*', async (c, next) => {
    await next();
    // Something changed: the Expert System looks at the new events now rather than at its next tick.
    if (c.req.method !== 'GET' && c.res.status < 300) rules.nudge();
  });

  const commandContext = (c: {
    get: (k: 'tenant' | 'requestId') => unknown;
    req: { header: (k: string) => string | undefined; query: (k: string) => string | undefined };
  }): CommandContext => ({
    db: deps.db,
    tenant: c.get('tenant') as Tenant,
    actor: { kind: 'user', id: (c.get('principal' as 'tenant') as unknown as Principal).user.username },
    origin: {
      ip: clientIp(c as never, trustProxy),
      via: (c.get('principal' as 'tenant') as unknown as Principal).via === 'api-key' ? 'api' : 'web',
    },
    now: deps.clock(),
    today: today(c),
    correlationId: newCorrelationId(),
    causationId: c.get('requestId') as string,
  });

  const read = <T>(tenant: Tenant, work: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(deps.db, tenant.id, work);

  // --- Cases --------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases',
      tags: ['Cases'],
      summary: 'List cases with search, filters, sorting and pagination',
      request: { query: CaseListQuery.extend(AsOfQuery.shape) },
      responses: { 200: json(CaseList, 'A page of case summaries'), 400: problemResponse('Invalid query') },
    }),
    async (c) => {
      const query = c.req.valid('query');
      return c.json(await read(c.get('tenant'), (tx) => listCases(tx, query, today(c))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases',
      tags: ['Cases'],
      summary: 'Open a case for an existing party',
      request: { body: { content: { 'application/json': { schema: CreateCaseRequest } }, required: true } },
      responses: {
        201: json(CommandResult, 'The case was opened'),
        400: problemResponse('Invalid request'),
        404: problemResponse('Unknown party'),
        422: problemResponse('Rejected (e.g. invalid custom fields)'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const result = await openCase(commandContext(c), {
        caseType: body.caseType,
        company: body.company,
        currency: body.currency,
        debtorId: body.debtorId,
        customFields: body.customFields,
        ...(body.phase && { phase: body.phase }),
        ...(body.manager && { manager: body.manager }),
      });
      return c.json(commandResult(result.events[0]!.streamId, result), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}',
      tags: ['Cases'],
      summary: 'One case: summary, parties, items, custom fields',
      request: { params: IdParam, query: AsOfQuery },
      responses: { 200: json(CaseDetail, 'The case'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const detail = await read(c.get('tenant'), (tx) => getCaseDetail(tx, id, today(c)));
      if (!detail) throw new DomainError('case_not_found', `no case with id ${id}`);
      return c.json(detail, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/chrono',
      tags: ['Cases'],
      summary: "The case's history, newest first",
      request: { params: IdParam },
      responses: { 200: json(Chrono, 'Events, newest first'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const items = await read(c.get('tenant'), (tx) => getChrono(tx, id));
      if (!items) throw new DomainError('case_not_found', `no case with id ${id}`);
      return c.json({ items }, 200);
    },
  );

  const caseCommandRoute = <S extends z.ZodType>(
    path: string,
    summary: string,
    schema: S,
    toCommand: (body: z.infer<S>) => CaseCommand,
  ) =>
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/v1/cases/{id}/${path}`,
        tags: ['Cases'],
        summary,
        request: { params: IdParam, body: { content: { 'application/json': { schema } }, required: true } },
        responses: {
          201: json(CommandResult, 'Recorded'),
          400: problemResponse('Invalid request'),
          404: problemResponse('No such case'),
          409: problemResponse('Not possible in the case’s current state'),
          422: problemResponse('Rejected'),
        },
      }),
      async (c) => {
        const id = c.req.param('id') as string;
        // A malformed id names no case; without this check the database would fail on the uuid cast.
        if (!isUuid(id)) throw new DomainError('case_not_found', `no case with id ${id}`);
        const body = c.req.valid('json' as never) as z.infer<S>;
        const result = await runCaseCommands(commandContext(c), id, [toCommand(body)]);
        return c.json(commandResult(id, result), 201);
      },
    );

  caseCommandRoute('items', 'Add an invoice or a credit note', AddItemRequest, (b) => ({
    type: 'AddFinancialItem',
    data: {
      itemId: newId(),
      kind: b.kind,
      number: b.number,
      issueDate: b.issueDate,
      dueDate: b.dueDate,
      amount: b.amount,
      structuredReference: b.structuredReference ?? null,
    },
  }));
  caseCommandRoute('notes', 'Add a note', AddNoteRequest, (b) => ({
    type: 'AddNote',
    data: { noteId: newId(), text: b.text, noteType: b.noteType },
  }));
  caseCommandRoute('phase', 'Move the case to another phase', ChangePhaseRequest, (b) => ({
    type: 'ChangePhase',
    data: { phase: b.phase, reason: b.reason ?? null },
  }));
  caseCommandRoute('manager', 'Assign the case to a manager', AssignManagerRequest, (b) => ({
    type: 'AssignManager',
    data: { manager: b.manager },
  }));
  caseCommandRoute('archive', 'Archive the case', ReasonRequest, (b) => ({
    type: 'ArchiveCase',
    data: { reason: b.reason ?? null },
  }));
  caseCommandRoute('unarchive', 'Bring an archived case back', ReasonRequest, () => ({
    type: 'UnarchiveCase',
    data: {},
  }));
  caseCommandRoute('close', 'Close the case', ReasonRequest, (b) => ({
    type: 'CloseCase',
    data: { reason: b.reason ?? null },
  }));
  caseCommandRoute(
    'custom-fields',
    "Replace the case's custom fields (checked against the case type's JSON Schema)",
    ChangeCustomFieldsRequest,
    (b) => ({ type: 'ChangeCustomFields', data: { customFields: b.customFields } }),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/parties',
      tags: ['Cases'],
      summary: 'Attach a party of the registry to the case in a role (guarantor, lawyer, ...)',
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: AttachPartyRequest } }, required: true },
      },
      responses: {
        201: json(CommandResult, 'Attached'),
        400: problemResponse('Invalid request'),
        404: problemResponse('No such case or party'),
        409: problemResponse('Already attached in that role'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const party = await read(c.get('tenant'), (tx) =>
        tx
          .selectFrom('parties')
          .select(['id', 'name', 'reference'])
          .where('id', '=', body.partyId)
          .executeTakeFirst(),
      );
      if (!party) throw new DomainError('party_not_found', `no party with id ${body.partyId}`);
      const result = await runCaseCommands(commandContext(c), id, [
        {
          type: 'AttachParty',
          data: { partyId: party.id, role: body.role, name: party.name, reference: party.reference },
        },
      ]);
      return c.json(commandResult(id, result), 201);
    },
  );

  // --- Parties ------------------------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/parties',
      tags: ['Parties'],
      summary: 'Search the parties registry',
      request: { query: PartyListQuery },
      responses: { 200: json(PartyList, 'A page of parties') },
    }),
    async (c) => c.json(await read(c.get('tenant'), (tx) => listParties(tx, c.req.valid('query'))), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/parties/{id}',
      tags: ['Parties'],
      summary: 'A party with all its cases',
      request: { params: z.object({ id: z.string() }), query: AsOfQuery },
      responses: { 200: json(PartyWithCases, 'The party'), 404: problemResponse('No such party') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const party = await read(c.get('tenant'), (tx) => getParty(tx, id, today(c)));
      if (!party) throw new DomainError('party_not_found', `no party with id ${id}`);
      return c.json(party, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/parties',
      tags: ['Parties'],
      summary: 'Register a party (organisation or person)',
      request: {
        body: { content: { 'application/json': { schema: RegisterPartyRequest } }, required: true },
      },
      responses: {
        201: json(z.object({ partyId: z.string() }), 'Registered'),
        400: problemResponse('Invalid request'),
        409: problemResponse('Reference already used'),
      },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const result = await registerParty(commandContext(c), {
        kind: b.kind,
        reference: b.reference ?? null,
        name: b.name,
        customerType: b.customerType,
        country: b.country ?? null,
        language: b.language ?? null,
        identifiers: b.identifiers,
        addresses: b.addresses,
        contacts: b.contacts,
      });
      return c.json({ partyId: result.events[0]!.streamId }, 201);
    },
  );

  mountLedgerRoutes(app, { read, commandContext: commandContext as never, today: today as never });
  mountPaymentRoutes(app, { read, commandContext: commandContext as never });
  mountInterestRoutes(app, { read, commandContext: commandContext as never });
  mountRulesRoutes(app, { read, commandContext: commandContext as never, today: today as never, rules });
  mountAgreementRoutes(app, {
    read,
    commandContext: commandContext as never,
    today: today as never,
    clock: deps.clock,
  });
  mountForecastRoutes(app, { read, commandContext: commandContext as never, today: today as never });
  let channels = deps.channels;
  const mailer = () =>
    (channels ??= { mailer: createPickupMailer(join(tmpdir(), 'quittance-outbox')), sms: null }).mailer;
  mountAuthRoutes(app, {
    db: deps.db,
    clock: deps.clock,
    settings: authSettings,
    resolveTenantById,
    resolveTenant: deps.resolveTenant,
    mailer,
    trustProxy,
    publicUrl: deps.publicUrl,
    throttle: createLoginThrottle(),
  });
  mountSsoRoutes(app, {
    db: deps.db,
    clock: deps.clock,
    settings: authSettings,
    providers: deps.sso ?? [],
    trustProxy,
    publicUrl: deps.publicUrl,
  });
  mountAdminRoutes(app, { db: deps.db, clock: deps.clock, trustProxy });
  mountOrganisationRoutes(app, { db: deps.db, clock: deps.clock, today: today as never, trustProxy });
  mountGdprRoutes(app, { db: deps.db, clock: deps.clock, today: today as never, trustProxy });
  mountDunningRoutes(app, {
    read,
    commandContext: commandContext as never,
    today: today as never,
    clock: deps.clock,
    channels: () =>
      (channels ??= { mailer: createPickupMailer(join(tmpdir(), 'quittance-outbox')), sms: null }),
  });

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Quittance API',
      version: '0.1.0',
      description:
        'Cases, parties and items of the receivables platform. Errors are RFC 9457 problem details.',
    },
  });

  app.all('/api/*', (c) =>
    problem(c, 404, { code: 'not_found', detail: `no route ${c.req.method} ${c.req.path}` }),
  );

  mountWeb(app, deps.webDist);
  return app;
};

const commandResult = (caseId: string, result: { version: number; events: { type: string }[] }) => ({
  caseId,
  version: result.version,
  events: result.events.map((e) => e.type),
});

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** The built React app at `/`, with `/app/*` falling back to index.html for client-side routes. */
const mountWeb = (app: OpenAPIHono<AppEnv>, webDist: string | undefined) => {
  if (!webDist) return;
  const indexFile = `${webDist}/index.html`;
  app.get('/', (c) => c.redirect('/app'));
  app.use(
    '/assets/*',
    serveStatic({
      root: webDist,
      onFound: (_p, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.get('/app', (c) => sendIndex(c, indexFile));
  app.get('/app/*', (c) => sendIndex(c, indexFile));
};

const sendIndex = (c: Context, indexFile: string) => {
  if (!existsSync(indexFile)) {
    return c.text('The web app is not built. Run `npm run build:web` (npm start does it for you).', 503);
  }
  c.header('cache-control', 'no-cache');
  return c.html(readFileSync(indexFile, 'utf8'));
};
