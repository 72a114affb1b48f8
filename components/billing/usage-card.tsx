import { useTranslations } from "next-intl";
import type { BillingOverview } from "@/server/billing/overview";
import type { LimitKind } from "@/server/billing/plans";

/** Members, CRM connections and (for agencies) client companies used against the plan's limits. */
export function UsageCard({ usage, kinds }: { usage: BillingOverview["usage"]; kinds: LimitKind[] }) {
  const t = useTranslations("billing.usage");
  return (
    <section aria-labelledby="usage-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="usage-title" className="text-base font-semibold text-gray-900">
        {t("title")}
      </h2>
      <dl className="mt-4 grid gap-5 sm:grid-cols-3">
        {kinds.map((kind) => {
          const { used, limit } = usage[kind];
          const share = limit ? Math.min(100, Math.round((used / limit) * 100)) : 0;
          const full = limit !== null && used >= limit;
          const over = limit !== null && used > limit;
          return (
            <div key={kind} data-testid={`usage-${kind}`}>
              <dt className="text-sm text-gray-500">{t(kind)}</dt>
              <dd className={`mt-1 text-lg font-semibold ${over ? "text-red-700" : "text-gray-900"}`}>
                {limit === null ? t("unlimited", { used }) : t("ofLimit", { used, limit })}
                {over && <span className="text-sm font-medium"> ({t("over")})</span>}
              </dd>
              {limit !== null && (
                <div className="mt-2 h-2 rounded-full bg-gray-100" aria-hidden>
                  <div className={`h-2 rounded-full ${over ? "bg-red-500" : full ? "bg-amber-500" : "bg-blue-500"}`} style={{ width: `${share}%` }} />
                </div>
              )}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
