"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useTRPCClient } from "@/lib/trpc/client";
import type { BillingOverview } from "@/server/billing/overview";
import { RedirectButton } from "./redirect-button";

/**
 * The plans one can buy, with what each allows. Without a subscription a plan opens Stripe Checkout; with one,
 * changing plan happens in the customer portal.
 */
export function PlanOffers({ orgSlug, offers, subscribed, note }: { orgSlug: string; offers: BillingOverview["offers"]; subscribed: boolean; note?: string }) {
  const t = useTranslations("billing");
  const format = useFormatter();
  const client = useTRPCClient();
  const price = (cents: number) => format.number(cents / 100, { style: "currency", currency: "USD", maximumFractionDigits: 0 });

  return (
    <section aria-labelledby="plan-offers-title" className="space-y-3">
      <h2 id="plan-offers-title" className="text-base font-semibold text-gray-900">
        {t("offers.title")}
      </h2>
      {note && <p className="text-sm text-gray-600">{note}</p>}
      <ul className="grid gap-4 md:grid-cols-3">
        {offers.map((offer) => {
          const name = t(`plans.${offer.id}`);
          const { limits } = offer;
          return (
            <li key={offer.id} className={`flex flex-col rounded-xl border bg-white p-5 shadow-sm ${offer.current ? "border-blue-500 ring-1 ring-blue-500" : "border-gray-200"}`}>
              <h3 className="text-lg font-semibold text-gray-900">{name}</h3>
              {offer.unitPriceCents !== null && (
                <p className="mt-1 text-sm text-gray-600">{t(offer.billedPer === "client" ? "offers.perClient" : "offers.perSeat", { price: price(offer.unitPriceCents) })}</p>
              )}
              <ul className="mt-4 flex-1 space-y-1 text-sm text-gray-700">
                {limits.seats !== null && <li>{t("offers.seats", { count: limits.seats })}</li>}
                {limits.sources !== null && <li>{t("offers.sources", { count: limits.sources })}</li>}
                <li>{limits.clients === null ? t("offers.unlimitedClients") : t("offers.clients", { count: limits.clients })}</li>
                {limits.minSyncMinutes !== null && <li>{t("offers.sync", { minutes: limits.minSyncMinutes })}</li>}
                <li>{limits.historyMonths === null ? t("offers.fullHistory") : t("offers.history", { months: limits.historyMonths })}</li>
              </ul>
              <div className="mt-5">
                {offer.current ? (
                  <p className="text-sm font-semibold text-blue-700">{t("offers.currentPlan")}</p>
                ) : subscribed ? (
                  <RedirectButton variant="secondary" pendingLabel={t("offers.pending")} request={() => client.billing.portal.mutate({ orgSlug })}>
                    {t("offers.change", { plan: name })}
                  </RedirectButton>
                ) : (
                  <RedirectButton pendingLabel={t("offers.pending")} request={() => client.billing.checkout.mutate({ orgSlug, plan: offer.id })}>
                    {t("offers.upgrade", { plan: name })}
                  </RedirectButton>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
