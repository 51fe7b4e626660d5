// The development email channel: each message becomes an .eml file in a folder, composed by the
// same nodemailer code as the SMTP path, so `npm start` sends reminders without a mail server and
// a developer opens them in any mail client. Not for production: nothing leaves the machine.

import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import {
  QUITTANCE_MESSAGE_ID_HEADER,
  implausibleRecipients,
  toNodemailerMessage,
  type EmailSendResult,
  type Mailer,
  type OutgoingEmail,
} from './mailer';

const safeFileName = (id: string): string => id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);

/**
 * Writes each message to `<dir>/<timestamp>-<our id>.eml` (the folder is created when missing).
 * A file appears whole or not at all: it is written under a temporary name and renamed.
 */
export const createPickupMailer = (dir: string, options: { clock?: () => Date } = {}): Mailer => {
  const clock = options.clock ?? (() => new Date());
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let sequence = 0;
  return {
    send: async (message: OutgoingEmail): Promise<EmailSendResult> => {
      const mail = toNodemailerMessage(message);
      const unusable = implausibleRecipients(message);
      if (unusable.length > 0)
        return {
          status: 'rejected',
          reason: `not an email address: ${unusable.join(', ')}`,
          smtpCode: null,
          enhancedStatus: null,
          permanent: true,
          kind: 'recipient',
        };
      const info = await transport.sendMail(mail);
      const eml = info.message as Buffer;
      await mkdir(dir, { recursive: true });
      sequence += 1;
      const stamp = clock().toISOString().replace(/[:.]/g, '-');
      const name = `${stamp}-${String(sequence).padStart(4, '0')}-${safeFileName(message.headers[QUITTANCE_MESSAGE_ID_HEADER])}.eml`;
      const path = join(dir, name);
      const partial = `${path}.partial`;
      await writeFile(partial, eml);
      await rename(partial, path);
      const accepted = (info.envelope.to ?? []).map(String);
      return {
        status: 'sent',
        providerMessageId: info.messageId,
        messageId: info.messageId,
        accepted,
        rejected: [],
        response: `written to ${path}`,
      };
    },
    close: async () => {},
  };
};
