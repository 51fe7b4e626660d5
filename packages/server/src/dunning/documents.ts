import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../db/tenancy';
import type { Actor } from '../event-store/event-store';

export type DocumentKind = 'letter' | 'email' | 'print-batch' | 'sms' | 'direct-debit';

export type StoredDocument = {
  readonly id: string;
  readonly caseId: string | null;
  readonly kind: DocumentKind;
  readonly fileName: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly size: number;
};

/**
 * Keeps a document exactly as it was sent or printed (C13): the bytes, their SHA-256, who made
 * it and when. The table only takes inserts, so a reprint is the same bytes.
 */
export const storeDocument = async (
  tx: Tx,
  tenantId: string,
  input: {
    caseId: string | null;
    kind: DocumentKind;
    fileName: string;
    contentType: string;
    bytes: Buffer;
    actor: Actor;
    at: Date;
  },
): Promise<StoredDocument> => {
  const id = uuidv7();
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  await tx
    .insertInto('documents')
    .values({
      tenant_id: tenantId,
      id,
      case_id: input.caseId,
      kind: input.kind,
      file_name: input.fileName,
      content_type: input.contentType,
      bytes: input.bytes,
      sha256,
      created_at: input.at,
      created_by: JSON.stringify(input.actor),
    })
    .execute();
  return {
    id,
    caseId: input.caseId,
    kind: input.kind,
    fileName: input.fileName,
    contentType: input.contentType,
    sha256,
    size: input.bytes.length,
  };
};

export const loadDocument = async (
  tx: Tx,
  id: string,
): Promise<(StoredDocument & { bytes: Buffer; createdAt: Date }) | undefined> => {
  const row = await tx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const bytes = Buffer.from(row.bytes);
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as DocumentKind,
    fileName: row.file_name,
    contentType: row.content_type,
    sha256: row.sha256,
    size: bytes.length,
    bytes,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
};
