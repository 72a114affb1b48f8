"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import type { FunnelStep } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { CrmKind } from "@/server/sources/connector";
import type { MappingPipeline } from "@/server/sources/connect/crm-pipelines";

type Row = { step: FunnelStep | ""; percent: string };
const controlClass = "block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500";

/** Step 2: every CRM stage with its suggested funnel step and probability, editable; saving starts the first sync. */
export function MappingForm({
  orgSlug,
  kind,
  sourceId,
  pipelines,
  stepChoices,
}: {
  orgSlug: string;
  kind: CrmKind;
  sourceId: number;
  pipelines: MappingPipeline[];
  stepChoices: { value: FunnelStep; label: string }[];
}) {
  const t = useTranslations("sources.connect");
  const trpc = useTRPC();
  const router = useRouter();
  const crm = t(`crm.${kind}`);
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(pipelines.flatMap((p) => p.stages.map((s) => [s.externalId, { step: s.step ?? "", percent: s.probability == null ? "" : String(s.probability) }]))),
  );
  const startSync = useMutation(trpc.sourceConnect.startSync.mutationOptions({ onSuccess: () => router.push(`/o/${orgSlug}/settings/sources/connect/${kind}?source=${sourceId}&step=sync`) }));
  const save = useMutation(trpc.sourceConnect.saveMapping.mutationOptions({ onSuccess: () => startSync.mutate({ orgSlug, sourceId }) }));
  const { formError } = useMutationErrors(save.error ?? startSync.error);
  const update = (id: string, patch: Partial<Row>) => setRows((all) => ({ ...all, [id]: { ...all[id]!, ...patch } }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      orgSlug,
      sourceId,
      mapping: {
        pipelines: pipelines.map((p) => ({
          externalId: p.externalId,
          name: p.name,
          stages: p.stages.map((s) => {
            const row = rows[s.externalId]!;
            const percent = row.percent.trim() === "" ? null : Math.min(100, Math.max(0, Number(row.percent.replace(",", "."))));
            return { externalId: s.externalId, name: s.name, step: row.step === "" ? null : row.step, probability: percent === null || Number.isNaN(percent) ? null : percent };
          }),
        })),
      },
    });
  }

  if (pipelines.length === 0) return <FormAlert kind="info">{t("mapping.empty", { crm })}</FormAlert>;
  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {pipelines.map((pipeline) => (
        <section key={pipeline.externalId} aria-labelledby={`pipeline-${pipeline.externalId}`} className="rounded-xl border border-gray-200 bg-white p-4 shadow-sm">
          <h3 id={`pipeline-${pipeline.externalId}`} className="text-base font-semibold text-gray-900">
            {t("mapping.pipeline", { name: pipeline.name })}
          </h3>
          <table className="mt-3 w-full table-fixed text-sm">
            <thead>
              <tr className="text-left text-gray-500">
                <th scope="col" className="w-2/5 py-2 pr-4 font-medium">{t("mapping.stage")}</th>
                <th scope="col" className="w-2/5 py-2 pr-4 font-medium">{t("mapping.step")}</th>
                <th scope="col" className="w-1/5 py-2 font-medium">{t("mapping.probability")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-gray-100">
              {pipeline.stages.map((stage) => {
                const row = rows[stage.externalId]!;
                const label = `${pipeline.name}: ${stage.name}`;
                return (
                  <tr key={stage.externalId}>
                    <th scope="row" className="py-2 pr-4 text-left font-normal text-gray-900">
                      {stage.name}
                      {stage.outcome !== "open" && stage.outcome && (
                        <span className="ml-2 rounded bg-gray-100 px-1.5 py-0.5 text-xs text-gray-600">{t(stage.outcome === "won" ? "mapping.outcomeWon" : "mapping.outcomeLost", { crm })}</span>
                      )}
                    </th>
                    <td className="py-2 pr-4">
                      <select aria-label={`${t("mapping.step")} — ${label}`} className={controlClass} value={row.step} onChange={(e) => update(stage.externalId, { step: e.target.value as FunnelStep | "" })}>
                        <option value="">{t("mapping.notMapped")}</option>
                        {stepChoices.map((choice) => (
                          <option key={choice.value} value={choice.value}>
                            {choice.value === stage.suggestedStep ? `${choice.label} (${t("mapping.suggested")})` : choice.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="py-2">
                      <input
                        aria-label={`${t("mapping.probability")} — ${label}`}
                        inputMode="decimal"
                        className={controlClass}
                        value={row.percent}
                        onChange={(e) => update(stage.externalId, { percent: e.target.value })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
      <PendingButton pending={save.isPending || startSync.isPending} pendingLabel={t("mapping.pending")}>
        {t("mapping.save")}
      </PendingButton>
    </form>
  );
}
