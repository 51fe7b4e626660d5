import { describe, expect, it } from 'vitest';
import { parseTemplateFile, type TemplateIssue } from './template';

const where = { file: 'business-r1/en.md', id: 'business-r1', language: 'en' };

const issuesOf = (text: string, at = where): readonly TemplateIssue[] => {
  const result = parseTemplateFile(text, at);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.issues;
};

describe('template files', () => {
  it('reads the front matter and the body, remembering where each part starts', () => {
    const result = parseTemplateFile(
      '---\ndescription: "R1"\nsubject: "Reminder {{ case.number }}"\nsms: |\n  {{ company.name }}\n---\nDear {{ customer.name }},\n',
      where,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.template).toMatchObject({
      id: 'business-r1',
      language: 'en',
      subject: 'Reminder {{ case.number }}',
      sms: '{{ company.name }}\n',
      description: 'R1',
      body: 'Dear {{ customer.name }},\n',
      source: { file: 'business-r1/en.md', firstLine: { subject: 3, sms: 5, body: 7 } },
    });
  });

  it('names the file and the line of a Liquid error in the body', () => {
    const issues = issuesOf(
      '---\nsubject: "Hello"\n---\nDear all,\n\nYou owe {{ totals.totalDue | monney }}.\n',
    );
    expect(issues).toEqual([
      { file: 'business-r1/en.md', line: 6, message: 'body: undefined filter: monney' },
    ]);
  });

  it('names the line of an unclosed tag and of an error in the subject', () => {
    const issues = issuesOf('---\nsms: "ok"\nsubject: "{{ case.number | nope }}"\n---\nA\n{% if x %}\nB\n');
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [3, 'subject: undefined filter: nope'],
      [6, 'body: tag {% if x %} not closed'],
    ]);
  });

  it('reports YAML errors on the line of the file', () => {
    const issues = issuesOf('---\ndescription: "R1"\nsubject: [Hello\n---\nBody\n');
    expect(issues[0]).toMatchObject({ file: 'business-r1/en.md', line: 3 });
  });

  it('refuses unknown keys, a missing subject, an unknown language and a missing front matter', () => {
    expect(issuesOf('---\nsubjet: "Hello"\n---\nBody\n').map((i) => i.message)).toEqual([
      'unknown key "subjet"; a template has subject, sms, html, description',
      'the front matter has no subject',
    ]);
    expect(issuesOf('---\nsms: "x"\n---\nBody\n')[0]?.message).toBe('the front matter has no subject');
    expect(issuesOf('Body\n')[0]).toMatchObject({ line: 1 });
    expect(
      issuesOf('---\nsubject: "Hello"\n---\nBody\n', { ...where, language: 'pt' })[0]?.message,
    ).toContain('"pt" is not a template language');
  });

  it('refuses templates that would read files', () => {
    const issues = issuesOf('---\nsubject: "Hello"\n---\n{% include "secrets" %}\n');
    expect(issues[0]).toMatchObject({ line: 4 });
    expect(issues[0]?.message).toContain('cannot read other files');
  });

  it('refuses an unknown directive or argument, on its line', () => {
    const issues = issuesOf('---\nsubject: "Hello"\n---\nA\n\n[[itemz]]\n\n[[payment with-costs]]\n');
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [6, 'unknown directive [[itemz]]; known: [[items]], [[totals]], [[payment]]'],
      [8, '[[payment]] does not take "with-costs"'],
    ]);
  });
});
