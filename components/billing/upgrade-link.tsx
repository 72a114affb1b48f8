"use client";

import type { TRPCClientErrorLike } from "@trpc/client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { AppRouter } from "@/server/trpc/root";

/** Under a refusal by plan limit or read-only billing: the link to the billing page the error carries. */
export function UpgradeLink({ error }: { error: TRPCClientErrorLike<AppRouter> | null }) {
  const t = useTranslations("billing");
  const url = (error?.data as { billingUrl?: string | null } | undefined)?.billingUrl;
  if (!url) return null;
  return (
    <Link href={url} className="inline-block text-sm font-semibold text-blue-700 underline hover:text-blue-800">
      {t("upgradeLink")}
    </Link>
  );
}
