import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { RuleSetDocumentDto } from '@quittance/api-contract';
import type { RuleSetDocument } from '@quittance/domain';

/** A problem in a rule set file, at a line of the file when it is known. */
export type FileIssue = { readonly line: number | null; readonly path: string; readonly message: string };

export type RuleSetFile =
  | { readonly ok: true; readonly document: RuleSetDocument }
  | { readonly ok: false; readonly issues: readonly FileIssue[] };

/**
 * Reads a `quittance.rules/1` file, YAML or JSON (JSON is YAML): syntax errors and schema errors
 * name the file, the line and the field (`rules.yaml:42 reactions.1.then.0.type: …`).
 */
export const parseRuleSetFile = (text: string): RuleSetFile => {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        line: e.linePos?.[0]?.line ?? null,
        path: '',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const parsed = RuleSetDocumentDto.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => {
        // The deepest node of the path that exists gives the line.
        let line: number | null = null;
        for (let depth = issue.path.length; depth >= 0 && line === null; depth--) {
          const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
          if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
        }
        return { line, path: issue.path.join('.'), message: issue.message };
      }),
    };
  }
  return { ok: true, document: parsed.data as unknown as RuleSetDocument };
};

export const readRuleSetFile = async (file: string): Promise<RuleSetFile> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      ok: false,
      issues: [
        { line: null, path: '', message: `cannot read ${basename(file)}: ${(error as Error).message}` },
      ],
    };
  }
  return parseRuleSetFile(text);
};

export const formatIssue = (file: string, issue: FileIssue): string =>
  `${basename(file)}${issue.line !== null ? `:${issue.line}` : ''}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`;
