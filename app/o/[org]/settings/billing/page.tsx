import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AwaitingSubscription } from "@/components/billing/awaiting-subscription";
import { CurrentPlanCard } from "@/components/billing/current-plan-card";
import { InvoicesTable } from "@/components/billing/invoices-table";
import { OverLimitNotice } from "@/components/billing/over-limit-notice";
import { PlanOffers } from "@/components/billing/plan-offers";
import { UsageCard } from "@/components/billing/usage-card";
import { FormAlert } from "@/components/auth/form-alert";
import { PageHeader } from "@/components/ui/page-header";
import { exceededLimits } from "@/server/billing/over-limit";
import { TRIAL_DAYS } from "@/server/billing/plans";
import { orgQuery } from "../../org-query";

export default async function BillingPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ session_id?: string }> }) {
  const [{ org: orgSlug }, { session_id: checkoutSession }] = await Promise.all([params, searchParams]);
  const returnTo = `/o/${orgSlug}/settings/billing`;
  const [org, t] = await Promise.all([orgQuery(returnTo, (caller) => caller.orgs.current({ orgSlug })), getTranslations("billing")]);
  // Others reach this page from an upgrade link under a refused action: they learn who can upgrade.
  if (!org.canManageBilling) {
    return (
      <div className="space-y-6">
        <PageHeader level={2} title={t("title")} />
        <FormAlert kind="info">{t("ownersOnly")}</FormAlert>
      </div>
    );
  }
  const overview = await orgQuery(returnTo, (caller) => caller.billing.overview({ orgSlug }));
  const { state } = overview;
  const coveredByAgency = state.payer.slug !== orgSlug;
  const kinds = org.kind === "agency" ? (["seats", "sources", "clients"] as const) : (["seats", "sources"] as const);
  const over = exceededLimits(Object.fromEntries(kinds.map((kind) => [kind, overview.usage[kind]])));

  return (
    <div className="space-y-6">
      <PageHeader level={2} title={t("title")} subtitle={t("subtitle")} />
      {!state.enabled && <FormAlert kind="info">{t("off")}</FormAlert>}
      {checkoutSession && state.enabled && (state.status === null ? <AwaitingSubscription /> : <FormAlert kind="success">{t("return.done")}</FormAlert>)}
      {coveredByAgency ? (
        <p className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-800">
          {t("coveredByAgency")}{" "}
          <Link href={state.billingUrl} className="font-semibold underline">
            {t("openAgencyBilling")}
          </Link>
        </p>
      ) : (
        state.enabled && <CurrentPlanCard orgSlug={orgSlug} state={state} hasCustomer={overview.hasCustomer} />
      )}
      {state.enabled && <OverLimitNotice over={over} billingUrl={`${state.billingUrl}#plan-offers-title`} />}
      <UsageCard usage={overview.usage} kinds={[...kinds]} />
      {!coveredByAgency && overview.offers.length > 0 && (
        <PlanOffers
          orgSlug={orgSlug}
          offers={overview.offers}
          subscribed={overview.subscribed}
          note={overview.subscribed || overview.hasSubscribedBefore ? undefined : t("offers.trialNote", { days: TRIAL_DAYS })}
        />
      )}
      {!coveredByAgency && state.enabled && <InvoicesTable invoices={overview.invoices} />}
    </div>
  );
}
