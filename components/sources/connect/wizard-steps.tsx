import { getTranslations } from "next-intl/server";

const steps = ["credentials", "mapping", "sync"] as const;
export type WizardStep = (typeof steps)[number];

/** Where the person is in the wizard: access, stages, first sync. */
export async function WizardSteps({ current }: { current: WizardStep }) {
  const t = await getTranslations("sources.connect.steps");
  const index = steps.indexOf(current);
  return (
    <nav aria-label={t("label")}>
      <ol className="flex flex-wrap gap-2 text-sm">
        {steps.map((step, i) => (
          <li
            key={step}
            aria-current={i === index ? "step" : undefined}
            className={`rounded-full px-3 py-1 ${i === index ? "bg-blue-600 font-semibold text-white" : i < index ? "bg-blue-50 text-blue-700" : "bg-gray-100 text-gray-500"}`}
          >
            {t(step)}
          </li>
        ))}
      </ol>
    </nav>
  );
}
