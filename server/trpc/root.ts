import { createCallerFactory, router } from "./init";
import { orgsRouter } from "./routers/orgs";

export const appRouter = router({
  orgs: orgsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
