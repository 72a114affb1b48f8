import { useFormatter, useTranslations } from "next-intl";
import type { BillingState } from "@/server/billing/billing-state";
import { ManageBillingButton } from "./manage-billing-button";

const statusStyle: Record<string, string> = {
  trialing: "bg-blue-50 text-blue-700",
  active: "bg-green-50 text-green-700",
  past_due: "bg-amber-50 text-amber-800",
  unpaid: "bg-red-50 text-red-700",
  canceled: "bg-gray-100 text-gray-700",
};

/** The plan the org is on, its status and dates, and the way into Stripe's portal. */
export function CurrentPlanCard({ orgSlug, state, hasCustomer }: { orgSlug: string; state: BillingState; hasCustomer: boolean }) {
  const t = useTranslations("billing");
  const format = useFormatter();
  const date = (value: Date) => format.dateTime(value, { dateStyle: "long" });
  const status = state.status ?? "none";
  const billedPer = state.plan === "agency" ? "current.clientsBilled" : "current.seatsBilled";

  return (
    <section aria-labelledby="current-plan-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="current-plan-title" className="text-base font-semibold text-gray-900">
        {t("current.title")}
      </h2>
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-gray-500">{t("current.plan")}</dt>
          <dd className="mt-1 text-lg font-semibold text-gray-900" data-testid="current-plan">{t(`plans.${state.plan}`)}</dd>
        </div>
        <div>
          <dt className="text-gray-500">{t("current.status")}</dt>
          <dd className="mt-1">
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${statusStyle[status] ?? "bg-gray-100 text-gray-700"}`} data-testid="subscription-status">
              {t(`status.${status}`)}
            </span>
          </dd>
        </div>
        {state.trialEnd && (state.status === null || state.status === "trialing") && (
          <div>
            <dt className="text-gray-500">{t("current.trialEnds")}</dt>
            <dd className="mt-1 text-gray-900">{date(state.trialEnd)}</dd>
          </div>
        )}
        {state.currentPeriodEnd && (
          <div>
            <dt className="text-gray-500">{t("current.periodEnds")}</dt>
            <dd className="mt-1 text-gray-900">{date(state.currentPeriodEnd)}</dd>
          </div>
        )}
      </dl>
      {state.quantity !== null && <p className="mt-3 text-sm text-gray-600">{t(billedPer, { count: state.quantity })}</p>}
      {state.cancelAtPeriodEnd && state.currentPeriodEnd && (
        <p className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{t("current.cancelsAtPeriodEnd", { date: date(state.currentPeriodEnd) })}</p>
      )}
      {hasCustomer && (
        <div className="mt-5 flex flex-wrap items-center gap-3">
          <ManageBillingButton orgSlug={orgSlug} />
          <p className="text-xs text-gray-500">{t("current.manageHint")}</p>
        </div>
      )}
    </section>
  );
}
