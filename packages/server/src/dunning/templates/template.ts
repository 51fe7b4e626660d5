import type { Template } from 'liquidjs';
import { LineCounter, isScalar, parseDocument, Scalar } from 'yaml';
import { isDunningLanguage, type DunningLanguage } from './context';
import { describeLiquidError, htmlEngine, parseLiquid, textEngine } from './engine';

/**
 * A dunning template in one language. Every part is Liquid; `body` is Markdown-light (see
 * markdown-light.ts) and gives the text of emails and letters and, unless `html` is set, the HTML
 * of emails. `sms` is the short text sent on the SMS channel.
 */
export type DunningTemplate = {
  readonly id: string;
  readonly language: DunningLanguage;
  readonly subject: string;
  readonly body: string;
  /** An HTML email of its own; `{{ body_html | raw }}` places the HTML derived from `body`. */
  readonly html?: string;
  readonly sms?: string;
  /** For the template editor: what the template is for. */
  readonly description?: string;
  /** Where the template was read from, so that errors name the file and the line. */
  readonly source?: TemplateSource;
};

export type TemplatePart = 'subject' | 'body' | 'html' | 'sms';
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'body', 'html', 'sms'];

export type TemplateSource = {
  readonly file: string;
  /** The line of the file on which each part's text starts. */
  readonly firstLine: Readonly<Partial<Record<TemplatePart, number>>>;
};

export type TemplateIssue = { readonly file: string; readonly line: number | null; readonly message: string };

export const formatTemplateIssue = (issue: TemplateIssue): string =>
  `${issue.file}${issue.line !== null ? `:${issue.line}` : ''}: ${issue.message}`;

/** A template that cannot be used, with every problem found (file and line when known). */
export class DunningTemplateError extends Error {
  override readonly name = 'DunningTemplateError';
  constructor(readonly issues: readonly TemplateIssue[]) {
    super(issues.map(formatTemplateIssue).join('\n'));
  }
}

export const templateFileName = (template: Pick<DunningTemplate, 'id' | 'language' | 'source'>): string =>
  template.source?.file ?? `${template.id}/${template.language}.md`;

/** The file line of a line inside a part (both 1-based); the part's line when the file is unknown. */
export const fileLine = (
  template: DunningTemplate,
  part: TemplatePart,
  line: number | null,
): number | null => {
  const first = template.source?.firstLine[part];
  if (first === undefined) return line;
  return line === null ? first : first + line - 1;
};

export type CompiledTemplate = { readonly [P in TemplatePart]?: Template[] };

export const DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  items: [],
  totals: ['exclude-costs'],
  payment: ['exclude-costs', 'without-date'],
};

const DIRECTIVE_LINE = /^\s*\[\[\s*([^\]]*?)\s*\]\]\s*$/;

const directiveIssues = (template: DunningTemplate): TemplateIssue[] => {
  const issues: TemplateIssue[] = [];
  template.body.split('\n').forEach((text, index) => {
    const match = DIRECTIVE_LINE.exec(text);
    if (!match) return;
    const [name = '', ...args] = (match[1] ?? '').split(/\s+/);
    const allowed = DIRECTIVES[name];
    const line = fileLine(template, 'body', index + 1);
    if (!allowed) {
      issues.push({
        file: templateFileName(template),
        line,
        message: `unknown directive [[${name}]]; known: ${Object.keys(DIRECTIVES)
          .map((d) => `[[${d}]]`)
          .join(', ')}`,
      });
      return;
    }
    for (const arg of args.filter((a) => !allowed.includes(a))) {
      issues.push({ file: templateFileName(template), line, message: `[[${name}]] does not take "${arg}"` });
    }
  });
  return issues;
};

const compiled = new WeakMap<DunningTemplate, CompiledTemplate>();

/**
 * Parses every part of the template with the Liquid engines (syntax, unknown filters, tags that
 * would read files) and checks the directives; throws a DunningTemplateError listing every problem.
 * The result is cached per template object.
 */
export const compileTemplate = (template: DunningTemplate): CompiledTemplate => {
  const cached = compiled.get(template);
  if (cached) return cached;
  const issues: TemplateIssue[] = [];
  const result: { -readonly [P in TemplatePart]?: Template[] } = {};
  for (const part of TEMPLATE_PARTS) {
    const source = template[part];
    if (source === undefined) continue;
    try {
      result[part] = parseLiquid(part === 'html' ? htmlEngine : textEngine, source);
    } catch (error) {
      const problem = describeLiquidError(error);
      issues.push({
        file: templateFileName(template),
        line: fileLine(template, part, problem.line),
        message: `${part}: ${problem.message}`,
      });
    }
  }
  if (template.subject.trim() === '') {
    issues.push({
      file: templateFileName(template),
      line: fileLine(template, 'subject', null),
      message: 'subject is empty',
    });
  }
  if (template.body.trim() === '') {
    issues.push({
      file: templateFileName(template),
      line: fileLine(template, 'body', null),
      message: 'body is empty',
    });
  }
  issues.push(...directiveIssues(template));
  if (issues.length > 0) throw new DunningTemplateError(issues);
  compiled.set(template, result);
  return result;
};

/** Every problem of a template, empty when it can be rendered. */
export const validateTemplate = (template: DunningTemplate): TemplateIssue[] => {
  try {
    compileTemplate(template);
    return [];
  } catch (error) {
    if (error instanceof DunningTemplateError) return [...error.issues];
    throw error;
  }
};

// ---------------------------------------------------------------------------------------------
// The file format: `<id>/<lang>.md`, YAML front matter then the body.
//
//   ---
//   subject: "Reminder: {{ items.size }} overdue invoice(s)"
//   sms: "…"                      # optional
//   description: "First reminder" # optional
//   html: |                       # optional
//     <p>…</p>
//   ---
//   Dear {{ customer.name }},
//   …

const FRONT_MATTER_KEYS = ['subject', 'sms', 'html', 'description'] as const;
type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

export type TemplateFileResult =
  | { readonly ok: true; readonly template: DunningTemplate }
  | { readonly ok: false; readonly issues: readonly TemplateIssue[] };

/**
 * Reads a template file's text. `file` names it in problems (`business-r1/fr.md:12: …`). Returns
 * every problem: YAML, unknown or missing keys, Liquid syntax, unknown filters and directives.
 */
export const parseTemplateFile = (
  text: string,
  where: { readonly file: string; readonly id: string; readonly language: string },
): TemplateFileResult => {
  const issue = (line: number | null, message: string): TemplateIssue => ({
    file: where.file,
    line,
    message,
  });
  if (!isDunningLanguage(where.language)) {
    return {
      ok: false,
      issues: [issue(null, `"${where.language}" is not a template language (en, fr, de, es, nl, it)`)],
    };
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    return { ok: false, issues: [issue(1, 'a template starts with a "---" line opening its front matter')] };
  }
  const close = lines.findIndex((line, index) => index > 0 && line.trimEnd() === '---');
  if (close < 0)
    return { ok: false, issues: [issue(1, 'the front matter opened here is not closed by a "---" line')] };

  // Line n of the front matter is line n + 1 of the file.
  const lineCounter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) =>
        issue(lineCounter.linePos(e.pos[0]).line + 1, e.message.split('\n')[0] ?? e.message),
      ),
    };
  }
  const data: unknown = doc.toJS();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [issue(2, 'the front matter is a map of subject, sms, html, description')] };
  }
  const issues: TemplateIssue[] = [];
  const values: Partial<Record<FrontMatterKey, string>> = {};
  const firstLine: Partial<Record<TemplatePart, number>> = {};
  for (const [key, value] of Object.entries(data)) {
    const node = doc.get(key, true);
    let line: number | null = null;
    if (isScalar(node) && node.range) {
      line = lineCounter.linePos(node.range[0]).line + 1;
      // The text of a block scalar starts on the line after its `|` or `>`.
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) line += 1;
    }
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      issues.push(issue(line, `unknown key "${key}"; a template has ${FRONT_MATTER_KEYS.join(', ')}`));
      continue;
    }
    if (typeof value !== 'string') {
      issues.push(issue(line, `"${key}" must be text`));
      continue;
    }
    values[key as FrontMatterKey] = value;
    if (key !== 'description' && line !== null) firstLine[key as TemplatePart] = line;
  }
  if (values.subject === undefined) issues.push(issue(2, 'the front matter has no subject'));
  if (issues.length > 0) return { ok: false, issues };

  firstLine.body = close + 2;
  const template: DunningTemplate = {
    id: where.id,
    language: where.language,
    subject: values.subject ?? '',
    body: lines.slice(close + 1).join('\n'),
    ...(values.html !== undefined ? { html: values.html } : {}),
    ...(values.sms !== undefined ? { sms: values.sms } : {}),
    ...(values.description !== undefined ? { description: values.description } : {}),
    source: { file: where.file, firstLine },
  };
  const problems = validateTemplate(template);
  return problems.length > 0 ? { ok: false, issues: problems } : { ok: true, template };
};
