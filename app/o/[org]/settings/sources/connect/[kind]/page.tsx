import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { FormAlert } from "@/components/auth/form-alert";
import { CredentialsForm } from "@/components/sources/connect/credentials-form";
import { MappingForm } from "@/components/sources/connect/mapping-form";
import { SyncProgress } from "@/components/sources/connect/sync-progress";
import { WizardSteps } from "@/components/sources/connect/wizard-steps";
import { PageHeader } from "@/components/ui/page-header";
import { funnelSteps } from "@/db/schema";
import { crmKinds, type CrmKind } from "@/server/sources/connector";
import { orgQuery } from "../../../../org-query";

type Search = { source?: string; step?: string; error?: string };

/** The connect wizard for one CRM: access (token or OAuth) → stage mapping → first sync. The step follows the URL. */
export default async function ConnectCrmPage({ params, searchParams }: { params: Promise<{ org: string; kind: string }>; searchParams: Promise<Search> }) {
  const [{ org: orgSlug, kind }, search, t, tAll] = await Promise.all([params, searchParams, getTranslations("sources.connect"), getTranslations()]);
  if (!(crmKinds as readonly string[]).includes(kind)) notFound();
  const crmKind = kind as CrmKind;
  const crm = t(`crm.${crmKind}`);
  const sourceId = Number(search.source);
  const returnTo = `/o/${orgSlug}/settings/sources/connect/${kind}`;

  let step: "credentials" | "mapping" | "sync" = "credentials";
  if (Number.isSafeInteger(sourceId) && sourceId > 0) step = search.step === "sync" ? "sync" : "mapping";

  let body: React.ReactNode;
  if (step === "credentials") {
    const form = await orgQuery(returnTo, (caller) => caller.sourceConnect.form({ orgSlug, kind: crmKind }));
    const initialError = search.error?.startsWith("sources.connect.errors.") && tAll.has(search.error) ? tAll(search.error, { name: crm }) : null;
    body = (
      <section aria-labelledby="connect-credentials-title" className="space-y-4 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
        <div>
          <h3 id="connect-credentials-title" className="text-base font-semibold text-gray-900">{t("credentials.title", { crm })}</h3>
          <p className="mt-1 text-sm text-gray-600">{t("credentials.subtitle")}</p>
        </div>
        {form.oauth && (
          <div className="space-y-2">
            <a
              href={`/api/sources/oauth/${kind}/start?org=${encodeURIComponent(orgSlug)}`}
              className="inline-block rounded-md bg-gray-900 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-gray-700"
            >
              {t("credentials.oauth", { crm })}
            </a>
            <p className="text-xs text-gray-500">{t("credentials.oauthHint", { crm })}</p>
            <p className="pt-2 text-sm font-medium text-gray-700">{t("credentials.orToken")}</p>
          </div>
        )}
        <CredentialsForm orgSlug={orgSlug} kind={crmKind} fields={form.fields} initialError={initialError} />
      </section>
    );
  } else if (step === "mapping") {
    const stepChoices = funnelSteps.map((value) => ({ value, label: tAll(`settings.pipeline.steps.${value}`) }));
    const loaded = await orgQuery(returnTo, async (caller) => {
      try {
        return { pipelines: await caller.sourceConnect.pipelines({ orgSlug, sourceId }) };
      } catch (error) {
        if (error instanceof TRPCError && error.code === "BAD_REQUEST") return { error: error.message };
        throw error;
      }
    });
    body = (
      <section aria-labelledby="connect-mapping-title" className="space-y-4">
        <div>
          <h3 id="connect-mapping-title" className="text-base font-semibold text-gray-900">{t("mapping.title")}</h3>
          <p className="mt-1 text-sm text-gray-600">{t("mapping.subtitle", { crm })}</p>
        </div>
        {"error" in loaded ? (
          <FormAlert kind="error">{t("mapping.loadFailed", { crm, reason: loaded.error ?? "" })}</FormAlert>
        ) : (
          <MappingForm orgSlug={orgSlug} kind={crmKind} sourceId={sourceId} pipelines={loaded.pipelines} stepChoices={stepChoices} />
        )}
      </section>
    );
  } else {
    await orgQuery(returnTo, (caller) => caller.sourceConnect.progress({ orgSlug, sourceId }));
    body = (
      <section aria-labelledby="connect-sync-title" className="space-y-4">
        <div>
          <h3 id="connect-sync-title" className="text-base font-semibold text-gray-900">{t("sync.title")}</h3>
          <p className="mt-1 text-sm text-gray-600">{t("sync.subtitle", { crm })}</p>
        </div>
        <SyncProgress orgSlug={orgSlug} kind={crmKind} sourceId={sourceId} />
      </section>
    );
  }

  return (
    <div className="max-w-3xl space-y-6">
      <a href={`/o/${orgSlug}/settings/sources`} className="text-sm text-blue-700 hover:underline">
        ← {t("back")}
      </a>
      <PageHeader level={2} title={t("title", { crm })} />
      <WizardSteps current={step} />
      {body}
    </div>
  );
}
