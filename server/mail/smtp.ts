import { createTransport, type Transporter } from "nodemailer";
import type { Mail } from "./send-mail";

let cached: { key: string; transporter: Transporter } | undefined;

/** One pooled transport per SMTP configuration, made on first use. */
function transporterFor(env: Record<string, string | undefined>): Transporter {
  const port = Number(env.SMTP_PORT || 587);
  const key = [env.SMTP_HOST, port, env.SMTP_USER].join("|");
  if (cached?.key !== key) {
    const transporter = createTransport({
      host: env.SMTP_HOST,
      port,
      // Port 465 speaks TLS from the start; other ports upgrade with STARTTLS when the server offers it.
      secure: port === 465,
      pool: true,
      auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD ?? "" } : undefined,
    });
    cached = { key, transporter };
  }
  return cached.transporter;
}

export async function sendViaSmtp(mail: Mail, env: Record<string, string | undefined>): Promise<void> {
  await transporterFor(env).sendMail({
    from: env.SMTP_FROM || "SalesPulse <no-reply@localhost>",
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
  });
}
