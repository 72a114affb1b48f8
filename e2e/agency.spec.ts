import { expect, linkFromMailbox, screenshot, test, uniqueEmail } from "./fixtures";

test("an agency sets a client up from its templates, sees every client in the overview, and loses a client that revokes it", async ({
  page,
  browser,
  browserErrors,
}) => {
  test.setTimeout(300_000);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Kateryna Consultant");
  await page.getByLabel("Work e-mail").fill(uniqueEmail("consultant"));
  await page.getByLabel("Password").fill("agency-pass-1");
  await page.getByLabel("Company name").fill("Growth Partners");
  await page.getByLabel("Type").selectOption("agency");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/o\/growth-partners/);

  await page.getByRole("link", { name: "Clients" }).click();
  await expect(page.getByRole("heading", { name: "Clients", exact: true })).toBeVisible();
  await expect(page.getByText("No clients yet.")).toBeVisible();
  await expect(page.getByText("No templates yet.")).toBeVisible();
  await page.getByLabel("Company name").fill("Karpaty Kitchens");
  await page.getByRole("button", { name: "Create client" }).click();
  await page.waitForURL(/\/o\/karpaty-kitchens/);
  await expect(page.getByText("Consultant", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Load sample data" })).toBeVisible();
  // The same call the onboarding button makes, without rendering the client's dashboard (not this journey's subject).
  const loaded = await page.request.post("/api/trpc/onboarding.loadSampleData", { data: { json: { orgSlug: "karpaty-kitchens" } }, timeout: 90_000 });
  expect(loaded.status()).toBe(200);

  // Karpaty's setup becomes the agency's template; the next client starts from it.
  await page.goto("/o/growth-partners/clients");
  await page.getByLabel("Client", { exact: true }).selectOption({ label: "Karpaty Kitchens" });
  await page.getByRole("button", { name: "Save this client's setup as the agency template" }).click();
  await expect(page.getByText(/^Saved from Karpaty Kitchens: Stage mapping.*Monthly plan/)).toBeVisible();
  const templates = page.getByRole("region", { name: "Agency templates" });
  await expect(templates.getByRole("listitem").filter({ hasText: "Stage mapping" })).toBeVisible();
  await expect(templates.getByText(/Saved from Karpaty Kitchens on/).first()).toBeVisible();
  await page.getByLabel("Company name").fill("Dnipro Doors");
  await page.getByRole("button", { name: "Create client" }).click();
  await page.waitForURL(/\/o\/dnipro-doors/);

  // On a client's dashboard the agency may compare it with its other clients (here Dnipro Doors, still without deals).
  await page.goto("/o/karpaty-kitchens");
  await page.getByRole("link", { name: "Compare with the agency's other clients" }).click();
  await expect(page.getByTestId("tile-benchmark").first()).toContainText("Benchmark: median");
  await expect(page.getByRole("link", { name: "Hide the comparison" })).toBeVisible();

  await page.goto("/o/growth-partners/clients");
  const overview = page.getByRole("table");
  const karpaty = overview.getByRole("row").filter({ has: page.getByRole("link", { name: "Open Karpaty Kitchens" }) });
  const dnipro = overview.getByRole("row").filter({ has: page.getByRole("link", { name: "Open Dnipro Doors" }) });
  await expect(karpaty.getByRole("cell").first()).toHaveText(/\$[\d,]+/);
  await expect(dnipro.getByRole("cell").first()).toHaveText("—");
  // The template's monthly plan reached the new client: its plan column shows Karpaty's revenue target.
  await expect(dnipro.getByText(/^of \$[\d,]+$/)).toBeVisible();
  await overview.getByRole("button", { name: "Sort by Revenue won" }).click();
  await expect(overview.getByRole("row").nth(1)).toContainText("Karpaty Kitchens");
  await screenshot(page, "agency-overview");

  // With five organizations (the trial's three clients, the agency, the demo) the switcher searches; clients sit under their agency.
  const created = await page.request.post("/api/trpc/clients.create", {
    data: { json: { orgSlug: "growth-partners", organizationName: "Lviv Lamps", currency: "USD", timeZone: "Europe/Kyiv" } },
  });
  expect(created.status()).toBe(200);
  await page.reload();
  const switcher = page.getByRole("combobox", { name: "Organization" });
  await switcher.click();
  await switcher.fill("dni");
  await expect(page.getByRole("group", { name: "Clients of Growth Partners" }).getByRole("option", { name: "Dnipro Doors" })).toBeVisible();
  await expect(page.getByRole("option", { name: "Lviv Lamps" })).toHaveCount(0);
  await screenshot(page, "agency-switcher");
  await page.getByRole("option", { name: "Dnipro Doors" }).click();
  await page.waitForURL(/\/o\/dnipro-doors$/);

  // The consultant invites Dnipro's own admin, who revokes the agency.
  await page.goto("/o/dnipro-doors/members");
  const admin = uniqueEmail("dnipro-admin");
  await page.getByLabel("E-mail", { exact: true }).fill(admin);
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${admin}.`)).toBeVisible();
  const link = await linkFromMailbox(page, admin, /\/invite\//);

  const clientContext = await browser.newContext();
  const client = await clientContext.newPage();
  await client.goto(link);
  await client.getByLabel("Your name").fill("Dmytro Admin");
  await client.getByLabel("Password").fill("dnipro-admin-1");
  await client.getByRole("button", { name: "Create account and join" }).click();
  await client.waitForURL(/\/o\/dnipro-doors$/);
  await client.goto("/o/dnipro-doors/settings");
  const access = client.getByRole("region", { name: "Agency access" });
  await expect(access.getByText("Growth Partners set this company up.")).toBeVisible();
  await screenshot(client, "agency-access");
  client.once("dialog", (dialog) => dialog.accept());
  await access.getByRole("button", { name: "Revoke agency access" }).click();
  await expect(access).toHaveCount(0);
  await clientContext.close();

  browserErrors.allow(/\b404\b/);
  const gone = await page.goto("/o/dnipro-doors");
  expect(gone?.status()).toBe(404);
  await page.goto("/o/growth-partners/clients");
  await expect(page.getByRole("link", { name: "Open Karpaty Kitchens" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Open Dnipro Doors" })).toHaveCount(0);
});
