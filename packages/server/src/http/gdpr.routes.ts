import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { IsoDate, Problem } from '@quittance/api-contract';
import type { CommandContext } from '../application/context';
import type { Principal } from '../auth/authentication';
import type { Db } from '../db/database';
import { withTenant } from '../db/tenancy';
import { newCorrelationId } from '../event-store/event-store';
import { eraseParty, erasureAssessment, recordRefusedErasure, RetentionApplies } from '../gdpr/erasure';
import { exportPersonalData } from '../gdpr/personal-data.export';
import { gdprSettings, saveGdprSettings } from '../gdpr/retention';
import type { AppEnv } from './app';
import { clientIp } from './auth';
import { recordAudit } from '../audit/audit-log';
import { json, problemResponse } from './openapi-responses';

export type GdprRouteDeps = {
  readonly db: Db;
  readonly clock: () => Date;
  readonly today: (c: never) => string;
  readonly trustProxy: boolean;
};

const PartyParams = z.object({ id: z.string().meta({ description: 'The party id' }) });

const RetentionReason = z
  .object({
    kind: z.enum(['open_case', 'accounting_records']),
    until: IsoDate.nullable(),
    legalBasis: z.string(),
    message: z.string(),
    caseId: z.string().optional(),
    caseNumber: z.string().optional(),
    lastEntryDate: IsoDate.optional(),
    years: z.number().int().optional(),
  })
  .meta({ id: 'RetentionReason' });

const ErasureAssessment = z
  .object({
    partyId: z.string(),
    asOf: IsoDate,
    erasable: z.boolean(),
    until: IsoDate.nullable().meta({
      description: 'The day erasure becomes possible; null while a case is open',
    }),
    reasons: z.array(RetentionReason),
    accountingRetentionYears: z.number().int(),
  })
  .meta({ id: 'ErasureAssessment' });

const RetentionProblem = Problem.extend({ retention: ErasureAssessment }).meta({ id: 'RetentionProblem' });

const ErasureResult = z
  .object({
    partyId: z.string(),
    pseudonym: z.string(),
    erasedOn: IsoDate,
    alreadyErased: z.boolean(),
    rewritten: z.record(z.string(), z.number()),
  })
  .meta({ id: 'ErasureResult' });

const GdprSettings = z
  .object({ accountingRetentionYears: z.number().int().min(0).max(100) })
  .meta({ id: 'GdprSettings' });

/** GDPR (L1): a person's data exported as JSON; erasure by anonymisation unless retention applies. */
export const mountGdprRoutes = (app: OpenAPIHono<AppEnv>, deps: GdprRouteDeps): void => {
  const principalOf = (c: Context) => c.get('principal' as never) as Principal;
  const ctxOf = (c: Context): CommandContext => {
    const principal = principalOf(c);
    return {
      db: deps.db,
      tenant: principal.tenant,
      actor: { kind: 'user', id: principal.user.username },
      origin: { ip: clientIp(c, deps.trustProxy), via: principal.via === 'api-key' ? 'api' : 'web' },
      now: deps.clock(),
      today: deps.today(c as never),
      correlationId: newCorrelationId(),
      causationId: (c.get('requestId' as never) as string | undefined) ?? null,
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/parties/{id}/personal-data',
      tags: ['GDPR'],
      summary:
        'Everything held about a party (GDPR art. 15, 20): identity, cases, items, payments, agreements, tasks, notes, letters, bank entries, events, legal bases and retention; the export is audited',
      request: { params: PartyParams },
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'The personal data, as an attachment'),
        404: problemResponse('No such party'),
      },
    }),
    async (c) => {
      const data = await exportPersonalData(ctxOf(c), c.req.valid('param').id);
      const name = `personal-data-${(data.party.reference as string | null) ?? data.party.id}.json`;
      return c.json(data as unknown as Record<string, unknown>, 200, {
        'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
        'cache-control': 'no-store',
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/parties/{id}/erasure',
      tags: ['GDPR'],
      summary: "Whether the party's personal data may be erased now, and if not why and until when",
      request: { params: PartyParams },
      responses: {
        200: json(ErasureAssessment, 'The assessment'),
        404: problemResponse('No such party'),
      },
    }),
    async (c) => {
      const assessment = await erasureAssessment(ctxOf(c), c.req.valid('param').id);
      return c.json({ ...assessment, reasons: [...assessment.reasons] }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/parties/{id}/erasure',
      tags: ['GDPR'],
      summary:
        "Erase the party's personal data by anonymisation (GDPR art. 17), refused while a legal retention applies",
      request: {
        params: PartyParams,
        body: {
          required: true,
          content: {
            'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(2000) }) },
          },
        },
      },
      responses: {
        200: json(ErasureResult, 'Erased (or already erased)'),
        400: problemResponse('No reason given'),
        404: problemResponse('No such party'),
        409: {
          description: 'A retention applies (code retention_applies): `retention` tells why and until when',
          content: { 'application/problem+json': { schema: RetentionProblem } },
        },
      },
    }),
    async (c) => {
      // The retention is checked against the server's clock, never a date the caller chooses (?asOf).
      const now = deps.clock();
      const ctx = { ...ctxOf(c), now, today: now.toISOString().slice(0, 10) };
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      try {
        return c.json(await eraseParty(ctx, id, reason), 200);
      } catch (error) {
        if (!(error instanceof RetentionApplies)) throw error;
        await recordRefusedErasure(ctx, id, reason, error.assessment);
        const body = {
          type: 'https://quittance.dev/problems/retention_applies',
          title: 'Conflict',
          status: 409,
          code: 'retention_applies',
          detail: error.message,
          instance: c.req.path,
          requestId: c.get('requestId' as never) as string | undefined,
          issues: error.assessment.reasons.map((r) => ({ path: r.kind, message: r.message })),
          retention: { ...error.assessment, reasons: [...error.assessment.reasons] },
        };
        return c.json(body, 409, { 'content-type': 'application/problem+json' });
      }
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/gdpr/settings',
      tags: ['GDPR'],
      summary: "The tenant's GDPR settings (accounting retention)",
      responses: { 200: json(GdprSettings, 'The settings') },
    }),
    async (c) => {
      const tenant = principalOf(c).tenant;
      return c.json(await withTenant(deps.db, tenant.id, (tx) => gdprSettings(tx, tenant.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/gdpr/settings',
      tags: ['GDPR'],
      summary: 'Set the accounting retention in years (default 10, French Code de commerce L123-22)',
      request: {
        body: { required: true, content: { 'application/json': { schema: GdprSettings.partial() } } },
      },
      responses: { 200: json(GdprSettings, 'The settings as stored'), 400: problemResponse('Invalid body') },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const change = c.req.valid('json');
      const saved = await withTenant(deps.db, ctx.tenant.id, async (tx) => {
        const next = await saveGdprSettings(tx, ctx.tenant.id, change);
        await recordAudit(tx, {
          tenantId: ctx.tenant.id,
          at: ctx.now,
          actor: ctx.actor,
          origin: ctx.origin ?? null,
          action: 'gdpr.settings',
          target: { type: 'tenant', id: ctx.tenant.id },
          detail: { ...next },
          correlationId: ctx.correlationId,
        });
        return next;
      });
      return c.json(saved, 200);
    },
  );
};
