import { describe, expect, it } from "vitest";
import { linkOrigin } from "./link-origin";

describe("linkOrigin", () => {
  it("prefers APP_URL over the request's origin", () => {
    expect(linkOrigin("http://evil.test", { APP_URL: "https://app.example.com/" })).toBe("https://app.example.com");
  });
  it("uses the request's origin without APP_URL, else localhost:3000", () => {
    expect(linkOrigin("http://localhost:3101", {})).toBe("http://localhost:3101");
    expect(linkOrigin(null, {})).toBe("http://localhost:3000");
  });
});
