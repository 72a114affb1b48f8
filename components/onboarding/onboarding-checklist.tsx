"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useTRPC } from "@/lib/trpc/client";
import type { OnboardingStepId } from "@/server/onboarding/status";

/** The first steps for an organization without data; loading sample data refreshes the page into a live dashboard. */
export function OnboardingChecklist({ orgSlug }: { orgSlug: string }) {
  const t = useTranslations("onboarding");
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.onboarding.status.queryOptions({ orgSlug }));
  const load = useMutation(
    trpc.onboarding.loadSampleData.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.onboarding.status.queryKey({ orgSlug }) });
        router.refresh();
      },
    }),
  );

  const action = (id: OnboardingStepId): ReactNode => {
    switch (id) {
      case "loadSampleData":
        if (!status.data?.canLoadSampleData) return <p className="text-sm text-gray-500">{t("askAdmin")}</p>;
        return (
          <button
            type="button"
            onClick={() => load.mutate({ orgSlug })}
            disabled={load.isPending}
            aria-disabled={load.isPending}
            className="rounded-md bg-blue-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-700 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-wait disabled:opacity-70"
          >
            {load.isPending ? t("loadingSampleData") : t("loadSampleDataAction")}
          </button>
        );
      case "inviteTeammates":
        return (
          <Link href={`/o/${orgSlug}/members`} className="rounded-md border border-gray-300 bg-white px-4 py-2 text-sm font-semibold text-gray-800 shadow-sm hover:bg-gray-50">
            {t("inviteAction")}
          </Link>
        );
      default:
        return <span className="rounded-full bg-gray-100 px-2.5 py-1 text-xs font-medium text-gray-600">{t("comingSoon")}</span>;
    }
  };

  const steps = status.data?.steps ?? [];
  const doneCount = steps.filter((s) => s.done).length;

  return (
    <div className="bg-gray-50 px-4 py-10">
      <section className="mx-auto max-w-3xl rounded-lg border border-gray-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold text-gray-900">{t("title")}</h1>
        <p className="mt-1 text-sm text-gray-600">{t("subtitle")}</p>
        {status.isPending && <p className="mt-6 text-sm text-gray-500">{t("loading")}</p>}
        {status.isError && (
          <p role="alert" className="mt-6 text-sm text-red-700">
            {t("loadFailed")}
          </p>
        )}
        {status.data && (
          <>
            <p className="mt-4 text-xs font-medium uppercase tracking-wide text-gray-500">{t("progress", { done: doneCount, total: steps.length })}</p>
            <div className="mt-2 h-1.5 rounded-full bg-gray-100">
              <div className="h-1.5 rounded-full bg-blue-600" style={{ width: `${(doneCount / steps.length) * 100}%` }} />
            </div>
            <ol className="mt-6 divide-y divide-gray-100">
              {steps.map((step) => (
                <li key={step.id} className="flex flex-wrap items-center gap-4 py-4">
                  <StepMark done={step.done} />
                  <div className="min-w-0 flex-1">
                    <p className={`font-medium ${step.done ? "text-gray-500" : "text-gray-900"}`}>{t(`steps.${step.id}.title`)}</p>
                    <p className="text-sm text-gray-600">{t(`steps.${step.id}.description`)}</p>
                  </div>
                  {step.done ? <span className="text-sm font-medium text-green-700">{t("done")}</span> : action(step.id)}
                </li>
              ))}
            </ol>
          </>
        )}
        {load.isError && (
          <p role="alert" className="mt-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {load.error.message}
          </p>
        )}
        {load.isSuccess && (
          <p role="status" className="mt-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
            {t("sampleDataLoaded", { deals: load.data.deals })}
          </p>
        )}
      </section>
    </div>
  );
}

function StepMark({ done }: { done: boolean }) {
  if (!done) return <span aria-hidden className="h-6 w-6 shrink-0 rounded-full border-2 border-gray-300" />;
  return (
    <span aria-hidden className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-blue-600 text-white">
      <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4">
        <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
      </svg>
    </span>
  );
}
