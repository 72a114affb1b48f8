"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { FormAlert } from "@/components/auth/form-alert";
import { PendingButton } from "@/components/ui/pending-button";
import type { Role } from "@/db/schema";
import { useTRPC } from "@/lib/trpc/client";
import { useMutationErrors } from "@/lib/trpc/use-mutation-errors";
import type { StoredDashboard } from "@/server/dashboard/store";
import { MAX_WIDGETS, widgetBreakdowns, widgetTypes, type Widget } from "@/server/dashboard/widgets";

type Props = {
  orgSlug: string;
  role: Role;
  editable: Role[];
  /** Catalog metrics, then the org's custom metrics with their own names. */
  metrics: { id: string; status: "computed" | "planned"; name?: string }[];
  dashboard: StoredDashboard;
};

const newId = () => `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const inputClass = "rounded-md border-gray-300 py-1 text-sm focus:border-blue-500 focus:ring-blue-500";

/** A role's dashboard for the org: add, remove, reorder widgets, choose type, metric, breakdown and title; save or reset. */
export function DashboardEditor({ orgSlug, role, editable, metrics, dashboard }: Props) {
  const t = useTranslations("dashboard.editor");
  const tAll = useTranslations();
  const router = useRouter();
  const trpc = useTRPC();
  const [widgets, setWidgets] = useState<Widget[]>(dashboard.widgets);
  const [saved, setSaved] = useState<"saved" | "reset" | null>(null);
  const onSuccess = (kind: "saved" | "reset") => (stored: StoredDashboard) => {
    setWidgets(stored.widgets);
    setSaved(kind);
    router.refresh();
  };
  const save = useMutation(trpc.dashboard.save.mutationOptions({ onSuccess: onSuccess("saved") }));
  const reset = useMutation(trpc.dashboard.reset.mutationOptions({ onSuccess: onSuccess("reset") }));
  const { fieldError, formError } = useMutationErrors(save.error ?? reset.error);
  const label = (id: string) => metrics.find((metric) => metric.id === id)?.name ?? tAll(`kpi.metrics.${id}.label`);

  const change = (next: Widget[]) => {
    setSaved(null);
    setWidgets(next);
  };
  const update = (index: number, patch: Partial<Widget>) => change(widgets.map((w, i) => (i === index ? { ...w, ...patch } : w)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...widgets];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    change(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ orgSlug, role, widgets });
  };

  return (
    <form onSubmit={submit} className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        <label className="flex flex-col text-sm text-gray-700">
          {t("role")}
          <select value={role} onChange={(e) => router.push(`/o/${orgSlug}/dashboard/edit?role=${e.target.value}`)} className={`mt-1 ${inputClass}`}>
            {editable.map((r) => (
              <option key={r} value={r}>
                {tAll(`common.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="text-sm text-gray-600">{dashboard.isDefault ? t("isDefault") : t("isCustom")}</p>
        <Link href={`/o/${orgSlug}`} className="ml-auto text-sm text-blue-700 hover:underline">
          {t("back")}
        </Link>
      </div>
      {saved && <FormAlert kind="success">{t(saved === "saved" ? "savedMessage" : "resetMessage")}</FormAlert>}
      {formError && <FormAlert kind="error">{formError}</FormAlert>}

      <ol className="space-y-2" aria-label={t("widgets")}>
        {widgets.map((widget, index) => {
          const error = fieldError(`widgets.${index}.metrics.0`) ?? fieldError(`widgets.${index}.title`);
          const name = widget.title || label(widget.metrics[0]!);
          return (
            <li key={widget.id} aria-label={t("widgetLabel", { position: index + 1, name })} className="rounded-lg border border-gray-200 bg-white p-3 shadow-sm">
              <div className="flex flex-wrap items-end gap-3">
                <span className="w-6 self-center text-sm tabular-nums text-gray-500">{index + 1}.</span>
                <label className="flex flex-col text-xs text-gray-600">
                  {t("type")}
                  <select value={widget.type} onChange={(e) => update(index, { type: e.target.value as Widget["type"] })} className={`mt-0.5 ${inputClass}`}>
                    {widgetTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`types.${type}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex min-w-56 flex-1 flex-col text-xs text-gray-600">
                  {t("metric")}
                  <select
                    value={widget.metrics[0]}
                    onChange={(e) => update(index, { metrics: [e.target.value, ...widget.metrics.slice(1)] })}
                    className={`mt-0.5 ${inputClass}`}
                  >
                    {metrics.map((metric) => (
                      <option key={metric.id} value={metric.id}>
                        {metric.status === "planned" ? t("planned", { metric: label(metric.id) }) : label(metric.id)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col text-xs text-gray-600">
                  {t("breakdown")}
                  <select
                    value={widget.breakdown ?? ""}
                    onChange={(e) => update(index, { breakdown: (e.target.value || undefined) as Widget["breakdown"] })}
                    className={`mt-0.5 ${inputClass}`}
                  >
                    <option value="">{t("noBreakdown")}</option>
                    {widgetBreakdowns.map((breakdown) => (
                      <option key={breakdown} value={breakdown}>
                        {tAll(`dashboard.breakdownBy.${breakdown}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col text-xs text-gray-600">
                  {t("titleOverride")}
                  <input
                    value={widget.title ?? ""}
                    maxLength={80}
                    onChange={(e) => update(index, { title: e.target.value || undefined })}
                    placeholder={label(widget.metrics[0]!)}
                    className={`mt-0.5 w-48 ${inputClass}`}
                  />
                </label>
                <div className="ml-auto flex gap-1">
                  <IconButton label={t("moveUp", { name })} disabled={index === 0} onClick={() => move(index, -1)}>↑</IconButton>
                  <IconButton label={t("moveDown", { name })} disabled={index === widgets.length - 1} onClick={() => move(index, 1)}>↓</IconButton>
                  <IconButton label={t("remove", { name })} onClick={() => change(widgets.filter((_, i) => i !== index))}>✕</IconButton>
                </div>
              </div>
              {widget.metrics.length > 1 && (
                <p className="mt-2 pl-9 text-xs text-gray-500">{t("alsoShows", { metrics: widget.metrics.slice(1).map(label).join(", ") })}</p>
              )}
              {error && (
                <p role="alert" className="mt-2 pl-9 text-xs text-rose-700">
                  {error}
                </p>
              )}
            </li>
          );
        })}
      </ol>

      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          disabled={widgets.length >= MAX_WIDGETS}
          onClick={() => change([...widgets, { id: newId(), type: "tile", metrics: ["leads_created"] }])}
          className="rounded-md border border-gray-300 bg-white px-3 py-2 text-sm font-medium text-gray-700 hover:bg-gray-50 disabled:opacity-50"
        >
          {t("add")}
        </button>
        <PendingButton pending={save.isPending} pendingLabel={t("saving")}>
          {t("save")}
        </PendingButton>
        <button
          type="button"
          disabled={reset.isPending || dashboard.isDefault}
          onClick={() => reset.mutate({ orgSlug, role })}
          className="rounded-md px-3 py-2 text-sm font-medium text-rose-700 hover:bg-rose-50 disabled:opacity-50"
        >
          {t("reset")}
        </button>
      </div>
    </form>
  );
}

function IconButton({ label, disabled, onClick, children }: { label: string; disabled?: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="h-8 w-8 rounded-md border border-gray-300 text-sm text-gray-700 hover:bg-gray-50 disabled:opacity-30"
    >
      {children}
    </button>
  );
}
