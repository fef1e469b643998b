// The mail outbox: an email is a row written in the transaction of the change that causes
// it; the delivery worker sends it later, with retries (SPEC 5, issue 4).
import type { Prisma } from '@prisma/client';

export interface OutgoingEmail {
  notification: string;
  recipients: string[];
  /** Without the "[OSER] " prefix, added here. */
  subject: string;
  html: string;
  text: string;
}

export async function queueEmail(tx: Prisma.TransactionClient, email: OutgoingEmail): Promise<{ id: number; createdAt: Date }> {
  return tx.outboxMessage.create({
    data: { ...email, subject: `[OSER] ${email.subject}` },
    select: { id: true, createdAt: true },
  });
}
