import { createCallerFactory, router } from "./init";
import { clientsRouter } from "./routers/clients";
import { dashboardRouter } from "./routers/dashboard";
import { membersRouter } from "./routers/members";
import { onboardingRouter } from "./routers/onboarding";
import { orgsRouter } from "./routers/orgs";

export const appRouter = router({
  orgs: orgsRouter,
  members: membersRouter,
  dashboard: dashboardRouter,
  onboarding: onboardingRouter,
  clients: clientsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
