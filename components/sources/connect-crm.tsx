import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { crmKinds } from "@/server/sources/connector";

/** One button per CRM, each opening its connect wizard. */
export async function ConnectCrm({ orgSlug }: { orgSlug: string }) {
  const t = await getTranslations("sources.list");
  return (
    <section aria-labelledby="connect-crm" className="space-y-3 rounded-xl border border-gray-200 bg-white p-5 shadow-sm">
      <div>
        <h3 id="connect-crm" className="text-base font-semibold text-gray-900">
          {t("connectTitle")}
        </h3>
        <p className="text-sm text-gray-600">{t("connectHint")}</p>
      </div>
      <ul className="flex flex-wrap gap-2">
        {crmKinds.map((kind) => (
          <li key={kind}>
            <Link
              href={`/o/${orgSlug}/settings/sources/connect/${kind}`}
              className="inline-flex rounded-md border border-gray-300 bg-white px-4 py-2 text-sm font-semibold text-gray-800 shadow-sm hover:border-blue-500 hover:text-blue-700"
            >
              {t(`kind.${kind}`)}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
