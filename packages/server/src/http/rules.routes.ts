import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CreateRuleSetRequest,
  CreateTaskRequest,
  IsoDate,
  ManualModeRequest,
  ProcessRulesResult,
  RuleDecisionListDto,
  RuleSetDetailDto,
  RuleSetDiffDto,
  RuleSetDocumentDto,
  RuleSetListDto,
  SimulationReportDto,
  TaskListDto,
  TestReportDto,
  CommandResult,
  type RuleDecisionDto,
} from '@quittance/api-contract';
import { DomainError, type RuleSetDocument } from '@quittance/domain';
import { parseDmnXml, writeDmnXml } from '@quittance/formats';
import type { Tenant, Tx } from '../db/tenancy';
import type { CommandContext } from '../application/context';
import { newId, runCaseCommands } from '../application/cases.commands';
import { isUuid } from '../db/ids';
import {
  checkRuleSet,
  createDraft,
  diffVersions,
  getRuleSet,
  listRuleSets,
  parseRuleSetDocument,
  publishRuleSet,
  updateDraft,
} from '../rules/rule-sets';
import { simulateRuleSet } from '../rules/simulation';
import type { RulesWorker } from '../rules/worker';
import { listTasks, reassignTask } from '../organisation/tasks';
import type { AppEnv } from './app';
import { json, problemResponse } from './openapi-responses';

type Helpers = {
  read: <T>(tenant: Tenant, work: (tx: Tx) => Promise<T>) => Promise<T>;
  commandContext: (c: never) => CommandContext;
  today: (c: never) => string;
  rules: RulesWorker;
};

const VersionParam = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .meta({ param: { name: 'version', in: 'path' } }),
});
const CaseParam = z.object({
  id: z.string().meta({ param: { name: 'id', in: 'path' }, description: 'Case id' }),
});
const TaskPageDto = TaskListDto.extend({
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().meta({ description: 'Tasks matching the filters, on every page' }),
}).meta({ id: 'TaskPage' });
const TaskParam = z.object({ taskId: z.string().meta({ param: { name: 'taskId', in: 'path' } }) });

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** B1–B9: rule sets (versions, tests, publish, diff, simulation, DMN), decisions, tasks, manual mode. */
export const mountRulesRoutes = (app: OpenAPIHono<AppEnv>, helpers: Helpers): void => {
  const { read } = helpers;
  const ctx = (c: unknown) => helpers.commandContext(c as never);
  const user = (c: { req: { header: (k: string) => string | undefined } }) =>
    c.req.header('x-user') ?? 'back-office';

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/rule-sets',
      tags: ['Rules'],
      summary: 'The versions of the tenant’s rule set, newest first',
      responses: { 200: json(RuleSetListDto, 'Versions') },
    }),
    async (c) => c.json({ items: await read(c.get('tenant'), listRuleSets) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/rule-sets/{version}',
      tags: ['Rules'],
      summary: 'One version with its document, diagnostics and test report',
      request: { params: VersionParam },
      responses: { 200: json(RuleSetDetailDto, 'The version'), 404: problemResponse('No such version') },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      return c.json(await read(c.get('tenant'), (tx) => getRuleSet(tx, version)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/rule-sets',
      tags: ['Rules'],
      summary: 'Start a draft: a copy of a version (default the published one) or a new document',
      request: body(CreateRuleSetRequest),
      responses: {
        201: json(RuleSetDetailDto, 'The new draft'),
        404: problemResponse('No such version'),
        422: problemResponse('Invalid document'),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const document = input.document ? parseRuleSetDocument(input.document) : undefined;
      const tenant = c.get('tenant');
      const detail = await read(tenant, (tx) =>
        createDraft(tx, tenant.id, { from: input.from, document }, user(c), new Date()),
      );
      return c.json(detail, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/v1/rule-sets/{version}',
      tags: ['Rules'],
      summary: 'Save a draft’s document (diagnostics and test report come back with it)',
      request: { params: VersionParam, ...body(RuleSetDocumentDto) },
      responses: {
        200: json(RuleSetDetailDto, 'Saved'),
        404: problemResponse('No such version'),
        409: problemResponse('Not a draft'),
        422: problemResponse('Invalid document'),
      },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      const document = parseRuleSetDocument(c.req.valid('json'));
      return c.json(await read(c.get('tenant'), (tx) => updateDraft(tx, version, document)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/rule-sets/{version}/test',
      tags: ['Rules'],
      summary: 'Run the version’s embedded tests',
      request: { params: VersionParam },
      responses: {
        200: json(TestReportDto, 'The report'),
        404: problemResponse('No such version'),
        422: problemResponse('The rule set does not compile'),
      },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      const detail = await read(c.get('tenant'), (tx) => getRuleSet(tx, version));
      if (!detail.testReport) {
        throw new DomainError(
          'rule_set_invalid',
          `version ${version} does not compile: fix its diagnostics first`,
          {
            issues: detail.diagnostics.map((d) => ({ path: d.where ?? 'rule set', message: d.message })),
          },
        );
      }
      return c.json(detail.testReport, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/rule-sets/{version}/publish',
      tags: ['Rules'],
      summary: 'Publish a draft; refused while it has errors or a failing test',
      request: { params: VersionParam },
      responses: {
        200: json(RuleSetDetailDto, 'Published; the previous version is retired'),
        404: problemResponse('No such version'),
        409: problemResponse('Not a draft'),
        422: problemResponse('Errors or failing tests'),
      },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      return c.json(
        await read(c.get('tenant'), (tx) => publishRuleSet(tx, version, user(c), new Date())),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/rule-sets/{version}/diff',
      tags: ['Rules'],
      summary: 'What changed from another version (default: the one this one is based on)',
      request: {
        params: VersionParam,
        query: z.object({ against: z.coerce.number().int().positive().optional() }),
      },
      responses: { 200: json(RuleSetDiffDto, 'Changes'), 404: problemResponse('No such version') },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      const { against } = c.req.valid('query');
      const diff = await read(c.get('tenant'), async (tx) => {
        const base = against ?? (await getRuleSet(tx, version)).basedOn;
        if (base === null || base === undefined) {
          throw new DomainError(
            'rule_set_not_found',
            `version ${version} is based on no other version; say ?against=N`,
          );
        }
        return diffVersions(tx, base, version);
      });
      return c.json(JSON.parse(JSON.stringify(diff)) as z.infer<typeof RuleSetDiffDto>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/rule-sets/{version}/simulation',
      tags: ['Rules'],
      summary: 'Evaluate the version over the current cases, read-only, against the published one (B9)',
      request: { params: VersionParam, query: z.object({ asOf: IsoDate.optional() }) },
      responses: {
        200: json(SimulationReportDto, 'What would change'),
        404: problemResponse('No such version'),
        422: problemResponse('The version does not compile'),
      },
    }),
    async (c) => {
      const { version } = c.req.valid('param');
      const today = helpers.today(c as never);
      const report = await read(c.get('tenant'), async (tx) => {
        const target = await getRuleSet(tx, version);
        const draft = checkRuleSet(target.document as unknown as RuleSetDocument);
        if (!draft.compiled) {
          throw new DomainError('rule_set_invalid', `version ${version} does not compile`, {
            issues: draft.diagnostics.map((d) => ({ path: d.where ?? 'rule set', message: d.message })),
          });
        }
        const list = await listRuleSets(tx);
        const publishedSummary = list.find((v) => v.status === 'published');
        let published;
        if (publishedSummary) {
          const detail = await getRuleSet(tx, publishedSummary.version);
          const check = checkRuleSet(detail.document as unknown as RuleSetDocument);
          if (check.compiled)
            published = { version: detail.version, name: detail.name, compiled: check.compiled };
        }
        return simulateRuleSet(
          tx,
          { version, name: target.name, compiled: draft.compiled },
          published,
          today,
        );
      });
      return c.json(report, 200);
    },
  );

  // DMN 1.3 XML: export one decision table, import tables (added or replacing same ids) into a draft.
  app.get('/api/v1/rule-sets/:version/decisions/:table/dmn', async (c) => {
    const version = Number(c.req.param('version'));
    const detail = await read(c.get('tenant'), (tx) => getRuleSet(tx, version));
    const table = detail.document.decisions.find((d) => d.id === c.req.param('table'));
    if (!table)
      throw new DomainError(
        'rule_set_not_found',
        `no decision table ${c.req.param('table')} in version ${version}`,
      );
    return c.body(writeDmnXml({ name: `${detail.name} — ${table.name}`, decisions: [table as never] }), 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${table.id}.dmn"`,
    });
  });

  app.post('/api/v1/rule-sets/:version/decisions/dmn', async (c) => {
    const version = Number(c.req.param('version'));
    const fileName = c.req.query('fileName') ?? 'upload.dmn';
    const parsed = parseDmnXml(await c.req.text(), fileName);
    if (!parsed.ok) {
      throw new DomainError('rule_set_invalid', parsed.errors[0] ?? `${fileName}: not a DMN file`, {
        issues: parsed.errors.map((message) => ({ path: fileName, message })),
      });
    }
    const detail = await read(c.get('tenant'), async (tx) => {
      const current = await getRuleSet(tx, version);
      const decisions = [...current.document.decisions];
      for (const table of parsed.decisions) {
        const at = decisions.findIndex((d) => d.id === table.id);
        if (at >= 0) decisions[at] = table as never;
        else decisions.push(table as never);
      }
      return updateDraft(tx, version, {
        ...(current.document as unknown as RuleSetDocument),
        decisions: decisions as never,
      });
    });
    return c.json({ ...detail, warnings: parsed.warnings }, 200);
  });

  // --- Decisions (B7) and the processor -------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/cases/{id}/decisions',
      tags: ['Rules'],
      summary: 'The automated decisions taken on a case, with their explanation (B7)',
      request: { params: CaseParam },
      responses: {
        200: json(RuleDecisionListDto, 'Decisions, newest first'),
        404: problemResponse('No such case'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const items = await read(c.get('tenant'), (tx) => caseDecisions(tx, id));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/rules/process',
      tags: ['Rules'],
      summary: 'Run the Expert System now: fire due timers, escalate overdue tasks, evaluate new events',
      request: { query: z.object({ asOf: IsoDate.optional() }) },
      responses: { 200: json(ProcessRulesResult, 'What was done') },
    }),
    async (c) => {
      const result = await helpers.rules.runOnce(c.get('tenant'), helpers.today(c as never));
      return c.json(result, 200);
    },
  );

  // --- Manual mode (B6) and tasks ---------------------------------------------------------------
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/manual-mode',
      tags: ['Rules'],
      summary: 'Take the case into manual mode (no automatic reactions) or hand it back to the rules',
      request: { params: CaseParam, ...body(ManualModeRequest) },
      responses: { 201: json(CommandResult, 'Recorded'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await runCaseCommands(ctx(c), id, [
        { type: 'SetFlag', data: { flag: 'manualMode', value: input.manual, reason: input.reason ?? null } },
      ]);
      helpers.rules.nudge();
      return c.json({ caseId: id, version: result.version, events: result.events.map((e) => e.type) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/cases/{id}/tasks',
      tags: ['Tasks'],
      summary: 'Create a task on the case',
      request: { params: CaseParam, ...body(CreateTaskRequest) },
      responses: { 201: json(CommandResult, 'Created'), 404: problemResponse('No such case') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await runCaseCommands(ctx(c), id, [
        {
          type: 'CreateTask',
          data: {
            taskId: newId(),
            title: input.title,
            taskType: input.taskType,
            assignee: input.assignee ?? null,
            due: input.due,
            priority: input.priority,
          },
        },
      ]);
      helpers.rules.nudge();
      return c.json({ caseId: id, version: result.version, events: result.events.map((e) => e.type) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/tasks',
      tags: ['Tasks'],
      summary:
        'Tasks by assignee, case, type, status, priority, team and deadline, soonest deadline first, a page at a time',
      request: {
        query: z.object({
          assignee: z.string().optional(),
          caseId: z.string().optional(),
          type: z.string().optional().meta({ description: 'Task type, e.g. "call"' }),
          status: z.enum(['open', 'done', 'all']).default('open'),
          priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
          overdue: z
            .enum(['true', 'false'])
            .optional()
            .meta({ description: 'true: open and past due on asOf' }),
          team: z
            .string()
            .optional()
            .meta({ description: "The team's cases and the tasks its members hold" }),
          dueBefore: IsoDate.optional().meta({ description: 'Due strictly before this date' }),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(500),
          asOf: IsoDate.optional(),
        }),
      },
      responses: { 200: json(TaskPageDto, 'Tasks'), 400: problemResponse('Invalid query') },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const today = helpers.today(c as never);
      const page = await read(c.get('tenant'), (tx) =>
        listTasks(tx, { ...q, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' }, today),
      );
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/tasks/{taskId}/reassign',
      tags: ['Tasks'],
      summary: 'Hand an open task to another active user (F3)',
      request: {
        params: TaskParam,
        ...body(z.object({ assignee: z.string().min(1).max(100), reason: z.string().max(500).optional() })),
      },
      responses: {
        201: json(CommandResult, 'Reassigned (no event when the task already was theirs)'),
        404: problemResponse('No such task'),
        409: problemResponse('The task is done'),
        422: problemResponse('Unknown or disabled assignee'),
      },
    }),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const input = c.req.valid('json');
      const result = await reassignTask(ctx(c), taskId, input);
      helpers.rules.nudge();
      return c.json(result, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/tasks/{taskId}/complete',
      tags: ['Tasks'],
      summary: 'Complete a task',
      request: { params: TaskParam, ...body(z.object({ outcome: z.string().max(1000).optional() })) },
      responses: { 201: json(CommandResult, 'Completed'), 404: problemResponse('No such task') },
    }),
    async (c) => {
      const { taskId } = c.req.valid('param');
      const input = c.req.valid('json');
      if (!isUuid(taskId)) throw new DomainError('task_not_found', `no task ${taskId}`);
      const task = await read(c.get('tenant'), (tx) =>
        tx.selectFrom('tasks').select(['case_id']).where('id', '=', taskId).executeTakeFirst(),
      );
      if (!task) throw new DomainError('task_not_found', `no task ${taskId}`);
      const result = await runCaseCommands(ctx(c), task.case_id, [
        { type: 'CompleteTask', data: { taskId, outcome: input.outcome ?? null } },
      ]);
      helpers.rules.nudge();
      return c.json(
        { caseId: task.case_id, version: result.version, events: result.events.map((e) => e.type) },
        201,
      );
    },
  );
};

export const caseDecisions = async (tx: Tx, caseId: string): Promise<RuleDecisionDto[]> => {
  if (!isUuid(caseId)) throw new DomainError('case_not_found', `no case with id ${caseId}`);
  const exists = await tx.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
  if (!exists) throw new DomainError('case_not_found', `no case with id ${caseId}`);
  const rows = await tx
    .selectFrom('rule_decisions')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    triggerEventId: r.trigger_event_id,
    triggerType: r.trigger_type,
    ruleSetVersion: r.rule_set_version,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    status: r.status as RuleDecisionDto['status'],
    error: r.error,
    actions: r.actions as RuleDecisionDto['actions'],
    eventIds: r.event_ids,
    explanation: r.explanation as RuleDecisionDto['explanation'],
    decidedAt: (r.decided_at instanceof Date ? r.decided_at : new Date(r.decided_at)).toISOString(),
  }));
};
