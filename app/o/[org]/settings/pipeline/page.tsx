import { getTranslations } from "next-intl/server";
import { FormAlert } from "@/components/auth/form-alert";
import { ChannelAndLossReasonMarksForm } from "@/components/settings/channel-and-loss-reason-marks-form";
import { PipelineConfigurationSummary } from "@/components/settings/pipeline-configuration-summary";
import { PipelineStagesForm } from "@/components/settings/pipeline-stages-form";
import { funnelSteps } from "@/db/schema";
import { orgQuery } from "../../org-query";
import { PageHeader } from "@/components/ui/page-header";

export default async function PipelineMappingPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: orgSlug } = await params;
  const [data, t] = await Promise.all([
    orgQuery(`/o/${orgSlug}/settings/pipeline`, (caller) => caller.pipeline.configuration({ orgSlug })),
    getTranslations("settings"),
  ]);
  const stepChoices = [{ value: "" as const, label: t("pipeline.notMapped") }, ...funnelSteps.map((value) => ({ value, label: t(`pipeline.steps.${value}`) }))];

  return (
    <section aria-labelledby="pipeline-mapping-title" className="space-y-4">
      <PageHeader
        level={2}
        id="pipeline-mapping-title"
        title={t("pipeline.title")}
        subtitle={
          <>
            <p>{t("pipeline.subtitle")}</p>
            <p>{t("pipeline.recomputes")}</p>
          </>
        }
      />
      {!data.canManage && <FormAlert kind="info">{t(data.isDemo ? "demoReadOnly" : "readOnly")}</FormAlert>}
      {data.pipelines.length === 0 && <p className="text-sm text-gray-500">{t("pipeline.empty")}</p>}
      {data.canManage ? (
        <>
          {data.pipelines.map((pipeline) => (
            <PipelineStagesForm key={pipeline.id} orgSlug={orgSlug} pipeline={pipeline} stepChoices={stepChoices} />
          ))}
          <ChannelAndLossReasonMarksForm orgSlug={orgSlug} channels={data.channels} lossReasons={data.lossReasons} />
        </>
      ) : (
        <PipelineConfigurationSummary pipelines={data.pipelines} channels={data.channels} lossReasons={data.lossReasons} />
      )}
    </section>
  );
}
