"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

const POLL_MS = 1000;
const MAX_POLLS = 20;

/**
 * Back from Checkout before Stripe's webhook arrived: the page re-reads our database every second for a while
 * (the state comes only from webhooks), and this notice disappears once the subscription is stored.
 */
export function AwaitingSubscription() {
  const t = useTranslations("billing.return");
  const router = useRouter();
  useEffect(() => {
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls > MAX_POLLS) clearInterval(timer);
      else router.refresh();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p role="status" className="rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-800">
      {t("waiting")}
    </p>
  );
}
