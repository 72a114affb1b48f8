import { getTranslations } from "next-intl/server";

/** A short curl call of the push API, with the kinds it takes. */
export async function IngestExample({ origin }: { origin: string }) {
  const t = await getTranslations("apiKeys.example");
  const example = [
    `curl -X POST ${origin}/api/v1/ingest/deals \\`,
    `  -H "Authorization: Bearer sp_live_…" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"records":[{"externalId":"D-1","title":"Kitchen","pipeline":{"externalId":"P1","name":"Sales"},`,
    `       "stage":{"externalId":"S1","name":"New"},"amount":1200,"currency":"EUR","createdAt":"2026-05-04T10:00:00+03:00"}]}'`,
  ].join("\n");
  return (
    <section aria-labelledby="ingest-example-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="ingest-example-title" className="text-base font-semibold text-gray-900">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("hint")}</p>
      <pre className="mt-3 overflow-x-auto rounded-md bg-gray-900 p-4 text-xs leading-relaxed text-gray-100">{example}</pre>
      <p className="mt-2 text-sm text-gray-600">{t("kinds")}</p>
    </section>
  );
}
