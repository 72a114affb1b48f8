import { expect, screenshot, signUp, test, uniqueEmail } from "./fixtures";

test("an owner downloads the deals template, imports a CSV of deals and sees them on the dashboard", async ({ page }) => {
  await signUp(page, { name: "Iryna Importer", email: uniqueEmail("import"), password: "import-pass-1", company: "Import Windows" });
  const slug = new URL(page.url()).pathname.split("/")[2]!;

  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("link", { name: "Import", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Import from CSV or Excel" })).toBeVisible();
  await page.getByLabel("What the file holds").selectOption("deals");

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV template" }).click();
  const template = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of template) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString("utf8")).toContain("external_id,title,pipeline,pipeline_id,stage");

  const wonAt = new Date(Date.now() - 60 * 60 * 1000);
  const day = `${String(wonAt.getUTCDate()).padStart(2, "0")}.${String(wonAt.getUTCMonth() + 1).padStart(2, "0")}.${wonAt.getUTCFullYear()}`;
  const csv = [
    "ID сделки;Название;Воронка;Этап;stage_step;Сумма;Дата создания;closed_at",
    `D-1;Окна;Продажи;Договор подписан;won;"1 200,00";${day};${wonAt.toISOString()}`,
    `D-2;Двери;Продажи;Договор подписан;won;800;${day};${wonAt.toISOString()}`,
  ].join("\n");
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: "deals.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + csv) });

  await expect(page.getByLabel("external_id *")).toHaveValue("0");
  await expect(page.getByLabel("amount", { exact: true })).toHaveValue("5");
  await page.getByLabel("stage_step", { exact: true }).selectOption({ label: "stage_step" });
  await expect(page.getByRole("cell", { name: "Окна" })).toBeVisible();
  await screenshot(page, "settings-import-mapping");
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByText("Imported: 2 new, 0 updated, 0 unchanged.")).toBeVisible();
  await screenshot(page, "settings-import-result");

  await page.goto(`/o/${slug}`);
  await expect(page.getByRole("group", { name: "Deals won" }).getByTestId("tile-value")).toHaveText("2");
});
