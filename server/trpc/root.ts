import { createCallerFactory, router } from "./init";
import { agencyRouter } from "./routers/agency";
import { apiKeysRouter } from "./routers/api-keys";
import { billingRouter } from "./routers/billing";
import { clientsRouter } from "./routers/clients";
import { customMetricsRouter } from "./routers/custom-metrics";
import { dashboardRouter } from "./routers/dashboard";
import { importsRouter } from "./routers/imports";
import { kpiRouter } from "./routers/kpi";
import { membersRouter } from "./routers/members";
import { onboardingRouter } from "./routers/onboarding";
import { orgsRouter } from "./routers/orgs";
import { pipelineRouter } from "./routers/pipeline";
import { plansRouter } from "./routers/plans";
import { settingsRouter } from "./routers/settings";
import { sourceConnectRouter } from "./routers/source-connect";
import { sourcesRouter } from "./routers/sources";

export const appRouter = router({
  orgs: orgsRouter,
  members: membersRouter,
  dashboard: dashboardRouter,
  onboarding: onboardingRouter,
  clients: clientsRouter,
  kpi: kpiRouter,
  settings: settingsRouter,
  pipeline: pipelineRouter,
  apiKeys: apiKeysRouter,
  plans: plansRouter,
  imports: importsRouter,
  sources: sourcesRouter,
  sourceConnect: sourceConnectRouter,
  customMetrics: customMetricsRouter,
  billing: billingRouter,
  agency: agencyRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
