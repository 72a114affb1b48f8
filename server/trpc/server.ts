import "server-only";
import { cache } from "react";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

/** The tRPC caller for server components: one per request, same procedures and guards as the HTTP API. */
export const getServerCaller = cache(async () => createCaller(await createRequestContext()));
