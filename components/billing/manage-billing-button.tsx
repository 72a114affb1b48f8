"use client";

import { useTranslations } from "next-intl";
import { useTRPCClient } from "@/lib/trpc/client";
import { RedirectButton } from "./redirect-button";

/** Opens Stripe's customer portal (card, invoices, plan change, cancellation). */
export function ManageBillingButton({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("billing.current");
  const client = useTRPCClient();
  return (
    <RedirectButton variant="secondary" pendingLabel={t("managePending")} request={() => client.billing.portal.mutate({ orgSlug })}>
      {t("manage")}
    </RedirectButton>
  );
}
