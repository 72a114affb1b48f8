"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { ChannelMark, LossReasonMark } from "@/server/settings/pipeline-configuration";
import { PendingButton } from "@/components/ui/pending-button";

const selectClass = "rounded-md border-gray-300 py-1 text-sm shadow-sm focus:border-blue-500 focus:ring-blue-500";

/** Each channel company-provided or self-sourced, each loss reason winnable or not; saved together. */
export function ChannelAndLossReasonMarksForm({
  orgSlug,
  channels: initialChannels,
  lossReasons: initialLossReasons,
}: {
  orgSlug: string;
  channels: ChannelMark[];
  lossReasons: LossReasonMark[];
}) {
  const t = useTranslations("settings.marks");
  const trpc = useTRPC();
  const [channels, setChannels] = useState(initialChannels);
  const [lossReasons, setLossReasons] = useState(initialLossReasons);
  const save = useMutation(trpc.pipeline.saveMarks.mutationOptions());
  const { formError } = useMutationErrors(save.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      orgSlug,
      channels: channels.map(({ id, providedByCompany }) => ({ id, providedByCompany })),
      lossReasons: lossReasons.map(({ id, winnable }) => ({ id, winnable })),
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
      {formError && <FormAlert kind="error">{formError}</FormAlert>}
      {save.isSuccess && <FormAlert kind="success">{t("saved")}</FormAlert>}
      <div className="grid gap-8 md:grid-cols-2">
        <fieldset aria-describedby="channels-hint">
          <legend className="text-base font-semibold text-gray-900">{t("channels.title")}</legend>
          <p id="channels-hint" className="mt-1 text-xs text-gray-500">
            {t("channels.hint")}
          </p>
          {channels.length === 0 && <p className="mt-3 text-sm text-gray-500">{t("channels.empty")}</p>}
          <ul className="mt-3 space-y-2">
            {channels.map((channel) => (
              <li key={channel.id} className="flex items-center justify-between gap-3 text-sm">
                <span className="text-gray-900">{channel.name}</span>
                <select
                  aria-label={t("channels.label", { name: channel.name })}
                  className={selectClass}
                  value={channel.providedByCompany ? "provided" : "self"}
                  onChange={(event) =>
                    setChannels((all) => all.map((c) => (c.id === channel.id ? { ...c, providedByCompany: event.target.value === "provided" } : c)))
                  }
                >
                  <option value="provided">{t("channels.provided")}</option>
                  <option value="self">{t("channels.self")}</option>
                </select>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset aria-describedby="loss-reasons-hint">
          <legend className="text-base font-semibold text-gray-900">{t("lossReasons.title")}</legend>
          <p id="loss-reasons-hint" className="mt-1 text-xs text-gray-500">
            {t("lossReasons.hint")}
          </p>
          {lossReasons.length === 0 && <p className="mt-3 text-sm text-gray-500">{t("lossReasons.empty")}</p>}
          <ul className="mt-3 space-y-2">
            {lossReasons.map((reason) => (
              <li key={reason.id}>
                <label className="flex items-center gap-2 text-sm text-gray-900">
                  <input
                    type="checkbox"
                    className="rounded border-gray-300 text-blue-600 focus:ring-blue-500"
                    checked={reason.winnable}
                    onChange={(event) => setLossReasons((all) => all.map((r) => (r.id === reason.id ? { ...r, winnable: event.target.checked } : r)))}
                  />
                  {reason.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      </div>
      <PendingButton pending={save.isPending} pendingLabel={t("saving")}>
          {t("save")}
        </PendingButton>
    </form>
  );
}
