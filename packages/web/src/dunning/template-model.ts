import type { Problem } from '@quittance/api-contract';
import { ApiError } from '../api/client';

// The template editor's pure parts: where the server's errors are (`business-r1/en.md:12`), the
// text of one line, and the front matter's subject, read the way the server reads it.

export type TemplateIssue = { readonly line: number | null; readonly message: string };

/** `business-r1/en.md:12` -> 12; a path without a line -> null. */
export function issueLine(path: string | undefined): number | null {
  const m = /:(\d+)$/.exec(path ?? '');
  return m ? Number(m[1]) : null;
}

/** The issues of a 422 answer (the template does not parse), or null for any other error. */
export function templateIssues(error: unknown): TemplateIssue[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const problem: Problem | null = error.problem;
  const issues = problem?.issues ?? [];
  if (issues.length === 0)
    return [{ line: null, message: problem?.detail ?? problem?.title ?? error.message }];
  return issues.map((issue) => ({ line: issueLine(issue.path), message: issue.message }));
}

/** Where line `line` (from 1) starts and ends in `text`, to select it in the text area. */
export function lineRange(text: string, line: number): { start: number; end: number } {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return { start: text.length, end: text.length };
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return { start, end: end < 0 ? text.length : end };
}

/** A text's lines, counted the way an editor numbers them. */
export function lineCount(text: string): number {
  return text.split('\n').length;
}

/** Whether what was typed to pick a case is its id (a UUID) rather than its number. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim());
}
