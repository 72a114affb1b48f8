import Link from "next/link";
import { useTranslations } from "next-intl";
import type { OverLimit } from "@/server/billing/over-limit";

/**
 * The organization is past its plan's limits (a smaller plan was chosen): what is over, that nothing was removed,
 * that nothing more can be added, and the way to upgrade.
 */
export function OverLimitNotice({ over, billingUrl }: { over: OverLimit[]; billingUrl: string }) {
  const t = useTranslations("billing.overLimit");
  if (over.length === 0) return null;
  return (
    <section role="status" aria-label={t("title")} data-testid="over-limit-notice" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-semibold">{t("title")}</p>
      <ul className="mt-1 list-disc space-y-0.5 pl-5">
        {over.map((entry) => (
          <li key={entry.kind}>{t(entry.kind, { used: entry.used, limit: entry.limit })}</li>
        ))}
      </ul>
      <p className="mt-1">{t("kept")}</p>
      <Link href={billingUrl} className="mt-2 inline-block font-semibold text-amber-900 underline hover:text-amber-700">
        {t("upgrade")}
      </Link>
    </section>
  );
}
