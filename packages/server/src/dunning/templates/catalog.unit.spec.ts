import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  catalogFromTemplates,
  loadDunningTemplates,
  resolveTemplate,
  standardTemplates,
  STANDARD_TEMPLATE_IDS,
} from './catalog';
import { DUNNING_LANGUAGES } from './context';
import { DunningTemplateError, type DunningTemplate } from './template';

const template = (id: string, language: DunningTemplate['language']): DunningTemplate => ({
  id,
  language,
  subject: `${id} ${language}`,
  body: 'Body',
});

describe('the standard templates', () => {
  it('exist for every standard id in every language', async () => {
    const catalog = await standardTemplates();
    expect(catalog.missing).toEqual([]);
    for (const id of STANDARD_TEMPLATE_IDS) {
      for (const language of DUNNING_LANGUAGES) {
        expect(resolveTemplate(catalog, id, language)).toMatchObject({
          fallback: false,
          template: { id, language },
        });
      }
    }
  });
});

describe('resolving a template', () => {
  it('falls back to English with a warning when the language is missing', () => {
    const catalog = catalogFromTemplates([template('custom', 'en'), template('custom', 'fr')]);
    expect(catalog.missing.map((m) => m.language)).toEqual(['de', 'es', 'nl', 'it']);
    const resolved = resolveTemplate(catalog, 'custom', 'de');
    expect(resolved.fallback).toBe(true);
    expect(resolved.template.language).toBe('en');
    expect(resolved.warning).toBe('template "custom" has no de version; the English one is used');
    expect(resolveTemplate(catalog, 'custom', 'fr').fallback).toBe(false);
  });

  it('refuses a template without English and an unknown id', () => {
    expect(() => catalogFromTemplates([template('custom', 'fr')])).toThrow(/no English version/);
    const catalog = catalogFromTemplates([template('custom', 'en')]);
    expect(() => resolveTemplate(catalog, 'other', 'en')).toThrow(DunningTemplateError);
  });
});

describe('loading a directory', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports every broken file with its line and loads nothing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'quittance-templates-'));
    await mkdir(join(dir, 'reminder'));
    await writeFile(
      join(dir, 'reminder', 'en.md'),
      '---\nsubject: "Reminder"\n---\nPay {{ totals.totalDue | money }}\n',
    );
    await writeFile(
      join(dir, 'reminder', 'fr.md'),
      '---\nsubject: "Rappel"\n---\nBonjour,\n\n{{ x | argent }}\n',
    );
    await writeFile(join(dir, 'reminder', 'pt.md'), '---\nsubject: "Lembrete"\n---\nOlá\n');
    const error = await loadDunningTemplates(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DunningTemplateError);
    expect((error as DunningTemplateError).message).toBe(
      'reminder/fr.md:6: body: undefined filter: argent\nreminder/pt.md: "pt" is not a template language (en, fr, de, es, nl, it)',
    );
  });

  it('loads a valid directory', async () => {
    dir = await mkdtemp(join(tmpdir(), 'quittance-templates-'));
    await mkdir(join(dir, 'reminder'));
    await writeFile(join(dir, 'reminder', 'en.md'), '---\nsubject: "Reminder"\n---\nPay.\n');
    const catalog = await loadDunningTemplates(dir);
    expect([...catalog.templates.keys()]).toEqual(['reminder']);
    expect(catalog.missing).toHaveLength(5);
  });
});
