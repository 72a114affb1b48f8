import "server-only";
import { getLocale } from "next-intl/server";
import { getDb } from "@/db/client";
import { currentUserId } from "@/server/auth";
import type { Context } from "./init";

/** The request's context: database, signed-in user and language. Used by the HTTP handler and server components. */
export async function createRequestContext(): Promise<Context> {
  return { db: getDb(), userId: await currentUserId(), locale: await getLocale() };
}
