import { createTranslator } from "next-intl";
import { defaultLocale, isLocale } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";
import type { Mail } from "./send-mail";

/** Mails whose point is one link: an invitation, a password reset, a sign-in link. Texts live in email.<kind>. */
export type ActionMailKind = "invitation" | "passwordReset" | "magicLink";

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export async function composeActionMail(args: {
  to: string;
  locale: string;
  kind: ActionMailKind;
  url: string;
  params?: Record<string, string>;
}): Promise<Mail> {
  const locale = isLocale(args.locale) ? args.locale : defaultLocale;
  const t = createTranslator({ locale, messages: await loadMessages(locale), namespace: "email" });
  const text = (key: string) => (t as unknown as (k: string, p?: Record<string, string>) => string)(key, args.params);
  const subject = text(`${args.kind}.subject`);
  const intro = text(`${args.kind}.intro`);
  const action = text(`${args.kind}.action`);
  const note = text(`${args.kind}.note`);
  const appName = text("appName");

  const plain = [text("greeting"), "", intro, "", `${action}: ${args.url}`, "", note, "", "—", appName].join("\n");
  const html = `<!doctype html><html lang="${locale}"><body style="margin:0;background:#f9fafb;font-family:Arial,Helvetica,sans-serif;color:#111827">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border:1px solid #e5e7eb;border-radius:8px">
<tr><td style="padding:32px">
<p style="margin:0 0 24px;font-size:18px;font-weight:bold;color:#1d4ed8">${escapeHtml(appName)}</p>
<p style="margin:0 0 16px;font-size:15px;line-height:22px">${escapeHtml(text("greeting"))}</p>
<p style="margin:0 0 24px;font-size:15px;line-height:22px">${escapeHtml(intro)}</p>
<p style="margin:0 0 24px"><a href="${escapeHtml(args.url)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;font-weight:bold;font-size:15px;padding:12px 20px;border-radius:6px">${escapeHtml(action)}</a></p>
<p style="margin:0 0 8px;font-size:13px;line-height:20px;color:#6b7280">${escapeHtml(text("linkFallback"))}</p>
<p style="margin:0 0 24px;font-size:13px;line-height:20px;word-break:break-all"><a href="${escapeHtml(args.url)}" style="color:#2563eb">${escapeHtml(args.url)}</a></p>
<p style="margin:0;font-size:13px;line-height:20px;color:#6b7280">${escapeHtml(note)}</p>
</td></tr></table></td></tr></table></body></html>`;

  return { to: args.to, subject, text: plain, html };
}
