import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '@quittance/domain';
import type { Tx } from '../db/tenancy';
import {
  catalogFromTemplates,
  DUNNING_LANGUAGES,
  formatTemplateIssue,
  isDunningLanguage,
  parseTemplateFile,
  standardTemplates,
  STANDARD_TEMPLATES_DIR,
  type DunningTemplate,
  type DunningTemplateCatalog,
} from './templates';

/** The templates a tenant's messages use: the shipped standard, replaced where the tenant edited one. */
export const tenantTemplates = async (tx: Tx): Promise<DunningTemplateCatalog> => {
  const standard = await standardTemplates();
  const overrides = await tx.selectFrom('dunning_templates').select(['id', 'language', 'text']).execute();
  if (overrides.length === 0) return standard;
  const all = new Map<string, DunningTemplate>();
  for (const [id, languages] of standard.templates) {
    for (const [language, template] of languages) all.set(`${id}/${language}`, template);
  }
  for (const row of overrides) {
    const parsed = parseTemplateFile(row.text, {
      file: `${row.id}/${row.language}.md`,
      id: row.id,
      language: row.language,
    });
    // A stored template was valid when saved; if a later version of the engine refuses it, the standard one stays.
    if (parsed.ok) all.set(`${row.id}/${row.language}`, parsed.template);
  }
  return catalogFromTemplates([...all.values()]);
};

export type TemplateListing = {
  readonly id: string;
  readonly languages: readonly { readonly language: string; readonly origin: 'standard' | 'tenant' }[];
};

export const listTemplates = async (tx: Tx): Promise<TemplateListing[]> => {
  const catalog = await tenantTemplates(tx);
  const overrides = new Set(
    (await tx.selectFrom('dunning_templates').select(['id', 'language']).execute()).map(
      (r) => `${r.id}/${r.language}`,
    ),
  );
  return [...catalog.templates.entries()]
    .map(([id, languages]) => ({
      id,
      languages: [...languages.keys()].map((language) => ({
        language,
        origin: overrides.has(`${id}/${language}`) ? ('tenant' as const) : ('standard' as const),
      })),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
};

/** The text of a template as the editor shows it: the tenant's version, else the shipped file. */
export const templateText = async (
  tx: Tx,
  id: string,
  language: string,
): Promise<{ text: string; origin: 'standard' | 'tenant' }> => {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !isDunningLanguage(language)) {
    throw new DomainError('validation_failed', `no template ${id} in ${language}`);
  }
  const own = await tx
    .selectFrom('dunning_templates')
    .select('text')
    .where('id', '=', id)
    .where('language', '=', language)
    .executeTakeFirst();
  if (own) return { text: own.text, origin: 'tenant' };
  try {
    return {
      text: await readFile(join(STANDARD_TEMPLATES_DIR, id, `${language}.md`), 'utf8'),
      origin: 'standard',
    };
  } catch {
    throw new DomainError(
      'validation_failed',
      `no template ${id} in ${language}; the languages are ${DUNNING_LANGUAGES.join(', ')}`,
    );
  }
};

/** Saves the tenant's version of a template after checking it parses; errors name the line. */
export const saveTemplate = async (
  tx: Tx,
  tenantId: string,
  input: { id: string; language: string; text: string; user: string; at: Date },
): Promise<DunningTemplate> => {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(input.id)) {
    throw new DomainError(
      'validation_failed',
      `"${input.id}" is not a template id (lower case, digits and dashes)`,
    );
  }
  const parsed = parseTemplateFile(input.text, {
    file: `${input.id}/${input.language}.md`,
    id: input.id,
    language: input.language,
  });
  if (!parsed.ok) {
    throw new DomainError('validation_failed', formatTemplateIssue(parsed.issues[0]!), {
      issues: parsed.issues.map((i) => ({
        path: `${i.file}${i.line !== null ? `:${i.line}` : ''}`,
        message: i.message,
      })),
    });
  }
  await tx
    .insertInto('dunning_templates')
    .values({
      tenant_id: tenantId,
      id: input.id,
      language: input.language,
      text: input.text,
      updated_by: input.user,
      updated_at: input.at,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'id', 'language'])
        .doUpdateSet({ text: input.text, updated_by: input.user, updated_at: input.at }),
    )
    .execute();
  return parsed.template;
};
