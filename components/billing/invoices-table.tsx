import { useFormatter, useTranslations } from "next-intl";
import type { BillingOverview } from "@/server/billing/overview";

/** Invoices as the webhooks reported them, newest first, with Stripe's hosted page and PDF. */
export function InvoicesTable({ invoices }: { invoices: BillingOverview["invoices"] }) {
  const t = useTranslations("billing.invoices");
  const format = useFormatter();
  return (
    <section aria-labelledby="invoices-title" className="rounded-xl border border-gray-200 bg-white shadow-sm">
      <h2 id="invoices-title" className="px-6 pt-5 text-base font-semibold text-gray-900">
        {t("title")}
      </h2>
      {invoices.length === 0 ? (
        <p className="px-6 py-4 text-sm text-gray-500">{t("empty")}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="mt-3 min-w-full divide-y divide-gray-200 text-sm">
            <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
              <tr>
                <th scope="col" className="px-6 py-3">{t("date")}</th>
                <th scope="col" className="px-6 py-3">{t("number")}</th>
                <th scope="col" className="px-6 py-3 text-right">{t("amount")}</th>
                <th scope="col" className="px-6 py-3">{t("status")}</th>
                <th scope="col" className="px-6 py-3">{t("pdf")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100 text-gray-700">
              {invoices.map((invoice) => (
                <tr key={invoice.id}>
                  <td className="px-6 py-3">{format.dateTime(invoice.createdAt, { dateStyle: "medium" })}</td>
                  <td className="px-6 py-3">
                    {invoice.hostedInvoiceUrl ? (
                      <a href={invoice.hostedInvoiceUrl} className="text-blue-700 hover:underline" target="_blank" rel="noreferrer">
                        {invoice.number ?? t("view")}
                      </a>
                    ) : (
                      invoice.number
                    )}
                  </td>
                  <td className="px-6 py-3 text-right tabular-nums">
                    {format.number(invoice.amountDue / 100, { style: "currency", currency: invoice.currency.toUpperCase() })}
                  </td>
                  <td className="px-6 py-3">{t.has(`statuses.${invoice.status}`) ? t(`statuses.${invoice.status}`) : invoice.status}</td>
                  <td className="px-6 py-3">
                    {invoice.invoicePdf && (
                      <a href={invoice.invoicePdf} className="text-blue-700 hover:underline" target="_blank" rel="noreferrer">
                        {t("download")}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
