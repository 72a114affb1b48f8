import type { z } from "zod";
import { DomainError } from "@/server/errors";

/** The request's JSON body checked against `schema`; malformed JSON or another shape is refused (400) with `shapeMessageKey`. */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>, shapeMessageKey = "apiKeys.rest.invalidBody"): Promise<T> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new DomainError("invalid", "apiKeys.rest.malformedJson");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new DomainError("invalid", shapeMessageKey);
  return parsed.data;
}
