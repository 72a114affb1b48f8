import { describe, expect, it } from "vitest";
import { describeBitrix24Error } from "./describe-error";

describe("describeBitrix24Error", () => {
  it("names missing permissions and passes other Bitrix24 error codes on with their description", () => {
    expect(describeBitrix24Error(401, { error: "insufficient_scope", error_description: "The request requires higher privileges" })).toEqual({
      key: "sources.crm.bitrix24.accessDenied",
      values: { error: "insufficient_scope" },
    });
    expect(describeBitrix24Error(400, { error: "ERROR_METHOD_NOT_FOUND", error_description: "Method not found!" })).toEqual({
      key: "sources.crm.bitrix24.refusedWith",
      values: { error: "ERROR_METHOD_NOT_FOUND", description: "Method not found!" },
    });
  });

  it("leaves bodies that are not Bitrix24 errors to the generic message", () => {
    expect(describeBitrix24Error(404, "<html>Not found</html>")).toBeUndefined();
    expect(describeBitrix24Error(400, null)).toBeUndefined();
  });
});
