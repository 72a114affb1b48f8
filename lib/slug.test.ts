import { describe, expect, it } from "vitest";
import { slugify } from "./slug";

describe("slugify", () => {
  it("keeps latin names readable", () => expect(slugify("Acme Furniture, Ltd.")).toBe("acme-furniture-ltd"));
  it("transliterates Russian and Ukrainian", () => {
    expect(slugify("Мебельная фабрика")).toBe("mebelnaya-fabrika");
    expect(slugify("Їжак і Ґудзик")).toBe("yizhak-i-gudzik");
  });
  it("falls back when nothing is left", () => expect(slugify("!!!")).toBe("org"));
});
