import { desc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { devMailbox } from "@/db/schema";
import type { Mail } from "./send-mail";

/** The dev mailbox shows every mail sent without SMTP, so it must never be reachable on a public server. */
export function isDevMailboxEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.NODE_ENV !== "production" || env.DEV_MAILBOX === "1";
}

export async function saveToDevMailbox(db: Db, mail: Mail): Promise<void> {
  await db.insert(devMailbox).values({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
}

export type DevMail = { id: number; to: string; subject: string; text: string; sentAt: Date };

/** The latest mails, newest first. */
export function listDevMailbox(db: Db, limit = 100): Promise<DevMail[]> {
  return db
    .select({ id: devMailbox.id, to: devMailbox.to, subject: devMailbox.subject, text: devMailbox.text, sentAt: devMailbox.sentAt })
    .from(devMailbox)
    .orderBy(desc(devMailbox.sentAt), desc(devMailbox.id))
    .limit(limit);
}
