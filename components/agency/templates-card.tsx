"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { TemplateSummary } from "@/server/agency/templates";

type Props = { agencySlug: string; templates: TemplateSummary[]; clients: { slug: string; name: string }[] };

/** The agency's templates (what, saved from which client, when) and saving one client's setup as them. */
export function TemplatesCard({ agencySlug, templates, clients }: Props) {
  const t = useTranslations("agency.templates");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const [clientSlug, setClientSlug] = useState(clients[0]?.slug ?? "");
  const save = useMutation(trpc.agency.saveTemplates.mutationOptions({ onSuccess: () => router.refresh() }));
  const { formError } = useMutationErrors(save.error);
  const clientName = (slug: string) => clients.find((c) => c.slug === slug)?.name ?? slug;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (clientSlug) save.mutate({ orgSlug: agencySlug, clientSlug });
  }

  const outcome = save.data && save.variables && (
    <FormAlert kind={save.data.saved.length ? "success" : "info"}>
      {save.data.saved.length
        ? t("saved", { client: clientName(save.variables.clientSlug), kinds: save.data.saved.map((kind) => t(`kinds.${kind}`)).join(", ") })
        : t("nothing", { client: clientName(save.variables.clientSlug) })}
    </FormAlert>
  );

  return (
    <section aria-labelledby="agency-templates-title" className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <h2 id="agency-templates-title" className="text-base font-semibold text-gray-900">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-gray-600">{t("subtitle")}</p>
      {templates.length === 0 ? (
        <p className="mt-4 text-sm text-gray-500">{t("empty")}</p>
      ) : (
        <ul className="mt-4 divide-y divide-gray-100 rounded-md border border-gray-100">
          {templates.map((template) => (
            <li key={template.kind} className="flex flex-wrap items-baseline justify-between gap-2 px-4 py-2 text-sm">
              <span className="font-medium text-gray-900">
                {t(`kinds.${template.kind}`)} <span className="font-normal text-gray-500">· {t(`items.${template.kind}`, { count: template.items })}</span>
              </span>
              <span className="text-gray-500">
                {t("savedFrom", { client: template.savedFromOrgName ?? "—", date: format.dateTime(template.updatedAt, { dateStyle: "medium", timeStyle: "short" }) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {clients.length > 0 && (
        <form onSubmit={submit} className="mt-4 flex flex-wrap items-end gap-3">
          <div className="flex flex-col gap-1">
            <label htmlFor="template-client" className="text-sm font-medium text-gray-700">
              {t("client")}
            </label>
            <select
              id="template-client"
              value={clientSlug}
              onChange={(event) => setClientSlug(event.target.value)}
              className="rounded-md border-gray-300 py-2 text-sm focus:border-blue-500 focus:ring-blue-500"
            >
              {clients.map((client) => (
                <option key={client.slug} value={client.slug}>
                  {client.name}
                </option>
              ))}
            </select>
          </div>
          <PendingButton pending={save.isPending} pendingLabel={t("pending")}>
            {t("save")}
          </PendingButton>
        </form>
      )}
      <div className="mt-3 space-y-2">
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        {outcome}
      </div>
    </section>
  );
}
