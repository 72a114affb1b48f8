import type { z } from "zod";

/** A problem with one field of one record: a message key (apiKeys.record.*) and its parameters. */
export type FieldProblem = { path: string; message: string; params?: Record<string, string | number> };
export type RecordFailure = { index: number; externalId: string | null; errors: FieldProblem[] };
export type ValidRecord<T> = { index: number; record: T };

const key = (name: string) => `apiKeys.record.${name}`;

/**
 * Each record checked against the kind's schema. Invalid records become failures with their index and the
 * path of each problem. When two records share an identity, the later one is used and the earlier fails.
 */
export function validateRecords<T>(
  records: readonly unknown[],
  schema: z.ZodType<T>,
  identityOf: (record: T) => string,
): { valid: ValidRecord<T>[]; failed: RecordFailure[] } {
  const failed: RecordFailure[] = [];
  const byIdentity = new Map<string, ValidRecord<T>>();
  records.forEach((input, index) => {
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) {
      failed.push({ index, externalId: externalIdOf(input), errors: parsed.error.issues.map(problemOf) });
      return;
    }
    const identity = identityOf(parsed.data);
    const earlier = byIdentity.get(identity);
    if (earlier) failed.push({ index: earlier.index, externalId: externalIdOf(input), errors: [{ path: "", message: key("duplicate") }] });
    byIdentity.set(identity, { index, record: parsed.data });
  });
  failed.sort((a, b) => a.index - b.index);
  return { valid: [...byIdentity.values()], failed };
}

function externalIdOf(input: unknown): string | null {
  const id = (input as { externalId?: unknown } | null)?.externalId;
  return typeof id === "string" ? id : null;
}

/** A zod issue as a message key: ours when the schema named one, else one per kind of issue. */
function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  const path = issue.path.map(String).join(".");
  if (issue.message.startsWith("apiKeys.")) return { path, message: issue.message };
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? { path, message: key("required") } : { path, message: key("invalidType"), params: { expected: issue.expected } };
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return { path, message: key("empty") };
      return { path, message: key("tooSmall"), params: { minimum: Number(issue.minimum) } };
    case "too_big":
      return { path, message: key(issue.origin === "string" ? "tooLong" : "tooBig"), params: { maximum: Number(issue.maximum) } };
    case "invalid_value":
      return { path, message: key("oneOf"), params: { values: issue.values.map(String).join(", ") } };
    default:
      return { path, message: key("invalid") };
  }
}
