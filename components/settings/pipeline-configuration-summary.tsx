import { getTranslations } from "next-intl/server";
import type { ChannelMark, LossReasonMark, PipelineConfiguration } from "@/server/settings/pipeline-configuration";

/** The mapping as tables, for members who may not change it (and for everyone in the demo company). */
export async function PipelineConfigurationSummary({
  pipelines,
  channels,
  lossReasons,
}: {
  pipelines: PipelineConfiguration[];
  channels: ChannelMark[];
  lossReasons: LossReasonMark[];
}) {
  const t = await getTranslations();
  const cell = "py-2 pr-3";
  return (
    <div className="space-y-6">
      {pipelines.map((pipeline) => (
        <section key={pipeline.id} className="rounded-xl border border-gray-200 bg-white p-6 shadow-sm">
          <h3 className="text-base font-semibold text-gray-900">{pipeline.name}</h3>
          <table className="mt-3 w-full text-sm">
            <thead>
              <tr className="border-b border-gray-200 text-left text-xs font-medium uppercase tracking-wide text-gray-500">
                <th className={cell}>{t("settings.pipeline.stage")}</th>
                <th className={cell}>{t("settings.pipeline.step")}</th>
                <th className={cell}>{t("settings.pipeline.probability")}</th>
              </tr>
            </thead>
            <tbody>
              {pipeline.stages.map((stage) => (
                <tr key={stage.id} className="border-b border-gray-100">
                  <td className={`${cell} font-medium text-gray-900`}>{stage.name}</td>
                  <td className={cell}>{stage.funnelStep ? t(`settings.pipeline.steps.${stage.funnelStep}`) : t("settings.pipeline.notMapped")}</td>
                  <td className={`${cell} tabular-nums`}>{stage.winProbability === null ? t("common.noValue") : `${Math.round(stage.winProbability * 1000) / 10}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section className="grid gap-8 rounded-xl border border-gray-200 bg-white p-6 shadow-sm md:grid-cols-2">
        <div>
          <h3 className="text-base font-semibold text-gray-900">{t("settings.marks.channels.title")}</h3>
          <ul className="mt-3 space-y-1 text-sm">
            {channels.map((channel) => (
              <li key={channel.id} className="flex justify-between gap-3">
                <span className="text-gray-900">{channel.name}</span>
                <span className="text-gray-600">{t(channel.providedByCompany ? "settings.marks.channels.provided" : "settings.marks.channels.self")}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="text-base font-semibold text-gray-900">{t("settings.marks.lossReasons.title")}</h3>
          <ul className="mt-3 space-y-1 text-sm">
            {lossReasons.map((reason) => (
              <li key={reason.id} className="flex justify-between gap-3">
                <span className="text-gray-900">{reason.name}</span>
                <span className="text-gray-600">{t(reason.winnable ? "settings.marks.lossReasons.winnable" : "settings.marks.lossReasons.notWinnable")}</span>
              </li>
            ))}
          </ul>
        </div>
      </section>
    </div>
  );
}
