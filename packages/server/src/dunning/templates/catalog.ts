import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DUNNING_LANGUAGES, type DunningLanguage } from './context';
import {
  DunningTemplateError,
  parseTemplateFile,
  type DunningTemplate,
  type TemplateIssue,
} from './template';

/** The standard templates shipped with Quittance, one file per template and language. */
export const STANDARD_TEMPLATES_DIR = fileURLToPath(new URL('../../../dunning-templates/', import.meta.url));

/** The templates the standard strategies use. */
export const STANDARD_TEMPLATE_IDS = [
  'business-prevention',
  'business-r1',
  'business-r2',
  'business-r3',
  'business-final',
  'consumer-reminder-1',
  'consumer-reminder-2',
  'consumer-final',
  'key-account-call',
  'key-account-letter',
  'thank-you',
] as const;

export type DunningTemplateCatalog = {
  readonly templates: ReadonlyMap<string, ReadonlyMap<DunningLanguage, DunningTemplate>>;
  /** The languages each template lacks: messages in them fall back to English. */
  readonly missing: readonly { readonly id: string; readonly language: DunningLanguage }[];
};

export type ResolvedTemplate = {
  readonly template: DunningTemplate;
  readonly requestedLanguage: DunningLanguage;
  /** True when the template has no version in the requested language and English is used. */
  readonly fallback: boolean;
  readonly warning?: string;
};

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A catalog from templates already parsed (stored by the editor, say). Every template needs an
 * English version, the one a missing language falls back to.
 */
export const catalogFromTemplates = (templates: readonly DunningTemplate[]): DunningTemplateCatalog => {
  const byId = new Map<string, Map<DunningLanguage, DunningTemplate>>();
  const issues: TemplateIssue[] = [];
  for (const template of templates) {
    const languages = byId.get(template.id) ?? new Map<DunningLanguage, DunningTemplate>();
    if (languages.has(template.language)) {
      issues.push({
        file: template.source?.file ?? `${template.id}/${template.language}.md`,
        line: null,
        message: `a second "${template.id}" template in ${template.language}`,
      });
    }
    languages.set(template.language, template);
    byId.set(template.id, languages);
  }
  const missing: { id: string; language: DunningLanguage }[] = [];
  for (const [id, languages] of [...byId].sort(([a], [b]) => a.localeCompare(b))) {
    if (!languages.has('en')) {
      issues.push({
        file: `${id}/en.md`,
        line: null,
        message: `template "${id}" has no English version, which other languages fall back to`,
      });
    }
    for (const language of DUNNING_LANGUAGES) if (!languages.has(language)) missing.push({ id, language });
  }
  if (issues.length > 0) throw new DunningTemplateError(issues);
  return { templates: byId, missing };
};

/**
 * Reads `<dir>/<id>/<lang>.md` for every template directory. Any problem in any file (YAML,
 * Liquid, unknown filter or directive, a language that is not one of ours, no English version)
 * is reported with its file and line, all at once, and nothing is loaded: a DunningTemplateError.
 */
export const loadDunningTemplates = async (
  dir: string = STANDARD_TEMPLATES_DIR,
): Promise<DunningTemplateCatalog> => {
  const entries = await readdir(dir, { withFileTypes: true });
  const templates: DunningTemplate[] = [];
  const issues: TemplateIssue[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const id = entry.name;
    if (!TEMPLATE_ID.test(id)) {
      issues.push({
        file: `${id}/`,
        line: null,
        message: 'a template id is lower-case letters, digits and "-"',
      });
      continue;
    }
    const files = (await readdir(join(dir, id))).filter((f) => f.endsWith('.md')).sort();
    for (const name of files) {
      const file = `${id}/${name}`;
      const result = parseTemplateFile(await readFile(join(dir, id, name), 'utf8'), {
        file,
        id,
        language: name.slice(0, -'.md'.length),
      });
      if (result.ok) templates.push(result.template);
      else issues.push(...result.issues);
    }
  }
  if (issues.length > 0) throw new DunningTemplateError(issues);
  return catalogFromTemplates(templates);
};

let standard: Promise<DunningTemplateCatalog> | undefined;

/** The shipped standard templates, read once per process. */
export const standardTemplates = (): Promise<DunningTemplateCatalog> => {
  standard ??= loadDunningTemplates(STANDARD_TEMPLATES_DIR).catch((error: unknown) => {
    standard = undefined;
    throw error;
  });
  return standard;
};

/**
 * The template to render for a debtor: in their language, else in English with `fallback` set
 * and a warning to show (C10 alerts). An unknown id is a DunningTemplateError.
 */
export const resolveTemplate = (
  catalog: DunningTemplateCatalog,
  id: string,
  language: DunningLanguage,
): ResolvedTemplate => {
  const languages = catalog.templates.get(id);
  const exact = languages?.get(language);
  if (exact) return { template: exact, requestedLanguage: language, fallback: false };
  const english = languages?.get('en');
  if (!english) {
    throw new DunningTemplateError([
      { file: `${id}/${language}.md`, line: null, message: `no template "${id}"` },
    ]);
  }
  return {
    template: english,
    requestedLanguage: language,
    fallback: true,
    warning: `template "${id}" has no ${language} version; the English one is used`,
  };
};
