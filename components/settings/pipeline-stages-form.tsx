"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import type { FunnelStep } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { PipelineConfiguration } from "@/server/settings/pipeline-configuration";
import { PendingButton } from "@/components/ui/pending-button";

type StageRow = { id: number; name: string; step: FunnelStep | ""; percent: string; suggestedStep: FunnelStep | null };

const controlClass =
  "block w-full rounded-md border-gray-300 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500 aria-[invalid=true]:border-red-500";
const moveClass = "rounded px-2 py-1 text-gray-600 hover:bg-gray-100 disabled:opacity-30";

/** Round to the stored precision (0.1 %). */
const probabilityOf = (percent: string) => (percent.trim() === "" ? null : Math.round(Number(percent) * 10) / 1000);
const percentOf = (probability: number | null) => (probability === null ? "" : String(Math.round(probability * 1000) / 10));

/** One pipeline's stages: step, win probability and order, with "suggest mapping" from the stage names. */
export function PipelineStagesForm({
  orgSlug,
  pipeline,
  stepChoices,
}: {
  orgSlug: string;
  pipeline: PipelineConfiguration;
  stepChoices: { value: FunnelStep | ""; label: string }[];
}) {
  const t = useTranslations("settings.pipeline");
  const trpc = useTRPC();
  const [rows, setRows] = useState<StageRow[]>(() =>
    pipeline.stages.map((s) => ({ id: s.id, name: s.name, step: s.funnelStep ?? "", percent: percentOf(s.winProbability), suggestedStep: s.suggestedStep })),
  );
  const save = useMutation(trpc.pipeline.saveStages.mutationOptions());
  const { fieldError, formError } = useMutationErrors(save.error);
  const titleId = `pipeline-${pipeline.id}-title`;

  const update = (id: number, patch: Partial<StageRow>) => setRows((all) => all.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const move = (index: number, by: -1 | 1) =>
    setRows((all) => {
      const next = [...all];
      [next[index], next[index + by]] = [next[index + by]!, next[index]!];
      return next;
    });
  const suggest = () => setRows((all) => all.map((row) => (row.suggestedStep ? { ...row, step: row.suggestedStep } : row)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      orgSlug,
      pipelineId: pipeline.id,
      stages: rows.map((row) => ({ id: row.id, funnelStep: row.step === "" ? null : row.step, winProbability: probabilityOf(row.percent) })),
    });
  }

  return (
    <section aria-labelledby={titleId} className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 id={titleId} className="text-base font-semibold text-gray-900">
          {pipeline.name}
        </h3>
        <div className="text-right">
          <button type="button" onClick={suggest} className="rounded-md border border-gray-300 px-3 py-1.5 text-sm font-medium text-gray-700 hover:bg-gray-50">
            {t("suggest")}
          </button>
          <p className="mt-1 max-w-xs text-xs text-gray-500">{t("suggestHint")}</p>
        </div>
      </div>
      <form onSubmit={submit} noValidate className="mt-4 space-y-4">
        {formError && <FormAlert kind="error">{formError}</FormAlert>}
        {save.isSuccess && <FormAlert kind="success">{t("saved")}</FormAlert>}
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-gray-200 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
              <th className="w-20 py-2">{t("order")}</th>
              <th className="py-2">{t("stage")}</th>
              <th className="w-56 py-2">{t("step")}</th>
              <th className="w-40 py-2">{t("probability")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const probabilityError = fieldError(`stages.${index}.winProbability`);
              return (
                <tr key={row.id} className="border-b border-gray-100 align-top">
                  <td className="py-2">
                    <button type="button" className={moveClass} aria-label={t("moveUp", { stage: row.name })} disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑
                    </button>
                    <button type="button" className={moveClass} aria-label={t("moveDown", { stage: row.name })} disabled={index === rows.length - 1} onClick={() => move(index, 1)}>
                      ↓
                    </button>
                  </td>
                  <td className="py-2 pr-3 pt-3 font-medium text-gray-900">{row.name}</td>
                  <td className="py-2 pr-3">
                    <select
                      aria-label={t("stepOf", { stage: row.name })}
                      className={controlClass}
                      value={row.step}
                      onChange={(event) => update(row.id, { step: event.target.value as StageRow["step"] })}
                    >
                      {stepChoices.map((choice) => (
                        <option key={choice.value} value={choice.value}>
                          {choice.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="py-2">
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step={0.1}
                      inputMode="decimal"
                      aria-label={t("probabilityOf", { stage: row.name })}
                      aria-invalid={probabilityError ? true : undefined}
                      className={controlClass}
                      value={row.percent}
                      onChange={(event) => update(row.id, { percent: event.target.value })}
                    />
                    {probabilityError && <p className="mt-1 text-xs text-red-600">{probabilityError}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <PendingButton pending={save.isPending} pendingLabel={t("saving")}>
          {t("save")}
        </PendingButton>
      </form>
    </section>
  );
}
