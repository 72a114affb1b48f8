import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { getServerCaller } from "@/server/trpc/server";

/** Under the header of every page of the org: past due (with the date writes stop) or read-only, and where to pay. */
export async function BillingBanner({ orgSlug }: { orgSlug: string }) {
  const banner = await (await getServerCaller()).billing.banner({ orgSlug });
  if (!banner) return null;
  const [t, format] = await Promise.all([getTranslations("billing.banner"), getFormatter()]);
  const text =
    banner.access === "grace" && banner.graceEndsAt
      ? t("grace", { date: format.dateTime(banner.graceEndsAt, { dateStyle: "long" }) })
      : t(`readOnly.${banner.readOnlyReason ?? "canceled"}`);
  return (
    <div role="status" className={`px-4 py-2 text-center text-sm ${banner.access === "grace" ? "bg-amber-50 text-amber-900" : "bg-red-50 text-red-800"}`}>
      {text}
      {banner.billingUrl && (
        <>
          {" "}
          <Link href={banner.billingUrl} className="font-semibold underline">
            {t("action")}
          </Link>
        </>
      )}
    </div>
  );
}
