import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import type { ClientSummary } from "@/server/tenancy/clients";

export async function ClientList({ clients }: { clients: ClientSummary[] }) {
  const [t, format] = await Promise.all([getTranslations("org.clients"), getFormatter()]);
  if (clients.length === 0) {
    return <p className="rounded-xl border border-dashed border-gray-300 bg-white p-8 text-center text-sm text-gray-500">{t("empty")}</p>;
  }
  return (
    <ul className="divide-y divide-gray-100 overflow-hidden rounded-xl border border-gray-200 bg-white shadow-sm">
      {clients.map((client) => (
        <li key={client.slug} className="flex items-center justify-between gap-4 px-6 py-4">
          <div>
            <p className="font-medium text-gray-900">{client.name}</p>
            <p className="text-sm text-gray-500">
              {client.currency} · {client.timeZone} · {t("createdAt")} {format.dateTime(client.createdAt, { dateStyle: "medium" })}
            </p>
          </div>
          <Link
            href={`/o/${client.slug}`}
            aria-label={`${t("open")}: ${client.name}`}
            className="rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-50"
          >
            {t("open")}
          </Link>
        </li>
      ))}
    </ul>
  );
}
