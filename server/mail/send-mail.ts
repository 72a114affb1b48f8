import type { Db } from "@/db/client";
import { saveToDevMailbox } from "./dev-mailbox";
import { sendViaSmtp } from "./smtp";

export type Mail = { to: string; subject: string; text: string; html: string };

/**
 * Sends a mail through SMTP when SMTP_HOST is set. Without it (development, tests, e2e) the mail is printed
 * to the server log and kept in the dev mailbox table, so its links can be followed from /dev/mailbox.
 */
export async function sendMail(db: Db, mail: Mail, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (env.SMTP_HOST) {
    await sendViaSmtp(mail, env);
    return;
  }
  console.info(`[mail] to: ${mail.to}\n[mail] subject: ${mail.subject}\n${mail.text}\n[mail] end`);
  await saveToDevMailbox(db, mail);
}
