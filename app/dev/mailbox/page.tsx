import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { isDevMailboxEnabled, listDevMailbox } from "@/server/mail/dev-mailbox";
import { LinkedText } from "./linked-text";

export const dynamic = "force-dynamic";

/** Mail sent without SMTP (development and e-tests only). */
export default async function DevMailboxPage() {
  if (!isDevMailboxEnabled()) notFound();
  const [mails, t, format] = await Promise.all([listDevMailbox(getDb()), getTranslations("mailbox"), getFormatter()]);
  return (
    <main className="min-h-screen bg-gray-50">
      <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
        <h1 className="text-2xl font-semibold text-gray-900">{t("title")}</h1>
        <p className="mt-2 text-sm text-gray-600">{t("subtitle")}</p>
        <p className="mt-1 text-sm text-gray-500">{t("count", { count: mails.length })}</p>
        {mails.length === 0 ? (
          <p className="mt-8 rounded-lg border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-500">{t("empty")}</p>
        ) : (
          <ol className="mt-6 space-y-4">
            {mails.map((mail) => (
              <li key={mail.id}>
                <article className="rounded-lg border border-gray-200 bg-white p-5 shadow-sm">
                  <h2 className="text-base font-semibold text-gray-900">{mail.subject}</h2>
                  <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm text-gray-600">
                    <div className="flex gap-1">
                      <dt className="text-gray-500">{t("to")}:</dt>
                      <dd>{mail.to}</dd>
                    </div>
                    <div className="flex gap-1">
                      <dt className="text-gray-500">{t("sentAt")}:</dt>
                      <dd>
                        <time dateTime={mail.sentAt.toISOString()}>{format.dateTime(mail.sentAt, { dateStyle: "medium", timeStyle: "medium" })}</time>
                      </dd>
                    </div>
                  </dl>
                  <div className="mt-4 border-t border-gray-100 pt-4">
                    <LinkedText text={mail.text} />
                  </div>
                </article>
              </li>
            ))}
          </ol>
        )}
      </div>
    </main>
  );
}
