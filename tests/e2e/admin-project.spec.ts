import { expect, test } from "@playwright/test";
import { admin, createUserThroughUi, signIn, uniqueEmail } from "./helpers";

const item = (n: number) =>
  JSON.stringify({
    id: `q${n}`,
    prompt: `Question ${n}`,
    completions: [`Good answer ${n}`, `Fair answer ${n}`, `Poor answer ${n}`],
  });

test("an admin creates a ranking project, imports a file, adds a labeler and sees progress move", async ({
  page,
  browser,
}) => {
  const suffix = Date.now().toString(36);
  const slug = `rank-${suffix}`;
  const labelerEmail = uniqueEmail("ranker");
  const password = "ranker-password-1";
  await signIn(page, admin().email, admin().password);
  await createUserThroughUi(page, labelerEmail, password);

  await page.goto("/admin/projects");
  const form = page.getByRole("form", { name: "Create project" });
  const name = `Ranking journey ${suffix}`;
  // The slug follows the name until the admin types one; then it stays.
  await form.getByLabel("Name").fill(`Ranking Jöurney ${suffix}!`);
  await expect(form.getByLabel("Slug")).toHaveValue(`ranking-journey-${suffix}`);
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Name").fill(name);
  await expect(form.getByLabel("Slug")).toHaveValue(slug);
  await form.getByLabel("Kind").selectOption("ranking");
  await form.getByLabel("Overlap").fill("1");
  await form.getByRole("button", { name: "Create project" }).click();
  // The admin lands on the new project, with its next steps.
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}\\?created=1$`));
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const checklist = page.getByTestId("setup-checklist");
  await expect(checklist).toContainText("Next steps (0 of 3 done)");
  await expect(page.getByText("No items yet: import some in the Data tab.")).toBeVisible();

  // The tabs work from the keyboard: one tab stop, arrows move and open; the URL keeps the tab.
  const tabs = page.getByRole("tablist", { name: "Project sections" });
  await tabs.getByRole("tab", { name: "Overview" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}\\?tab=data$`));
  await expect(tabs.getByRole("tab", { name: "Data" })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: "Data" })).toBeFocused();
  await expect(page.getByRole("tabpanel", { name: "Data" })).toBeVisible();

  // A bad file is refused as a whole, with the line and the reason.
  await page.getByLabel("JSONL file").setInputFiles({
    name: "bad.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(`${item(1)}\n{"prompt": "one completion", "completions": ["only"]}\n`),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-result")).toContainText("Nothing was imported: 1 line(s) were refused.");
  await expect(page.getByTestId("import-result")).toContainText("has 1 completion; this project takes 2 to 9");

  await page.getByLabel("JSONL file").setInputFiles({
    name: "items.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(`${item(1)}\n${item(2)}\n`),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 2 items (format: completions).");

  await tabs.getByRole("tab", { name: "Members" }).click();
  await expect(page).toHaveURL(/\?tab=members$/);
  await page.getByLabel("Email of the person to add").fill(labelerEmail);
  await page.getByRole("button", { name: "Add to project" }).click();
  await expect(page.getByTestId("members")).toContainText(labelerEmail);

  await tabs.getByRole("tab", { name: "Overview" }).click();
  await expect(page.getByTestId("progress-summary")).toContainText("0% of 2 items fully answered");
  await expect(page.getByTestId("slots-summary")).toContainText("Answer slots: 2 (1 per item)");
  await expect(checklist).toContainText("Next steps (2 of 3 done)");
  await expect(page.getByTestId("setup-step-items")).toContainText("done");
  await expect(page.getByTestId("setup-step-members")).toContainText("done");
  await expect(page.getByTestId("setup-step-guidelines")).toContainText("to do");

  const labelerContext = await browser.newContext();
  const labeler = await labelerContext.newPage();
  await signIn(labeler, labelerEmail, password);
  await labeler.getByTestId(`project-card-${slug}`).getByRole("link", { name: "Start labeling" }).click();
  await expect(labeler.getByTestId("conversation")).toContainText("Question 1");
  await labeler.keyboard.press("o");
  await expect(labeler.getByTestId("hint")).toHaveText("Ready to submit.");
  await labeler.keyboard.press("Control+Enter");
  await expect(labeler.getByTestId("conversation")).toContainText("Question 2");
  expect((await labeler.request.get(`/api/projects/${slug}/export?format=raw`)).status()).toBe(403);
  await labelerContext.close();

  await page.reload();
  await expect(page.getByTestId("progress-summary")).toContainText("50% of 2 items fully answered (1)");
  await expect(page.getByTestId("queue-health")).toContainText("Done1");
  await expect(page.getByTestId("chart-per-labeler")).toHaveAttribute(
    "aria-label",
    `Answers per labeler: ${labelerEmail} 1`,
  );
  await expect(page.getByTestId("chart-completion")).toHaveAttribute("aria-label", /Completion over time: 50% on/);
  await tabs.getByRole("tab", { name: "Members" }).click();
  await expect(page.getByTestId("members")).toContainText("1 answer");
  // A reload keeps the tab.
  await tabs.getByRole("tab", { name: "Quality" }).click();
  await expect(page.getByText("Agreement appears once two labelers have ranked the same item.")).toBeVisible();
  await page.reload();
  await expect(tabs.getByRole("tab", { name: "Quality" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("Agreement appears once two labelers have ranked the same item.")).toBeVisible();
  await page.goBack();
  await expect(tabs.getByRole("tab", { name: "Members" })).toHaveAttribute("aria-selected", "true");
  await tabs.getByRole("tab", { name: "Overview" }).click();

  // The answer, side by side with the item, for the admin only; then one more labeler for it.
  await page.getByRole("link", { name: "Browse items →" }).click();
  await expect(page.getByTestId("items-table")).toContainText("Question 2");
  await page.getByRole("link", { name: "Question 1" }).click();
  await expect(page.getByTestId("answers")).toContainText(labelerEmail);
  // Each reply under its canonical letter with the one this labeler saw beside it.
  await expect(page.getByTestId("answers")).toContainText(
    /[ABC] \(their [ABC]\) > [ABC] \(their [ABC]\) > [ABC] \(their [ABC]\)/,
  );
  await expect(page.getByTestId("consensus")).toContainText("100% put the winner first");
  await page.getByRole("button", { name: "One more labeler" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Reopened: one more labeler will answer this item.");
  await expect(page.getByText("1 of 2 answers")).toBeVisible();

  // The answer exports as three preference pairs (a strict ranking of three), with a manifest.
  const exported = await page.request.get(`/api/projects/${slug}/export?format=preference`);
  expect(exported.status()).toBe(200);
  const rows = (await exported.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({ prompt: [{ role: "user", content: "Question 1" }], margin: expect.any(Number) });
  const record = await page.request.get(`/api/exports/${exported.headers()["x-export-id"]}`);
  expect((await record.json()).export).toMatchObject({ status: "done", rowCount: 3, format: "preference" });

  // The overview has a row for the project: progress in answer slots and items, today's answers.
  await page.goto("/admin");
  const row = page.getByTestId(`progress-${slug}`);
  await expect(row.getByRole("link", { name })).toBeVisible();
  await expect(row.getByTestId("progress-figures")).toHaveText("1 of 3 answer slots · 0 of 2 items done");
  await expect(row.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "33");
  await expect(row.getByTestId("progress-activity")).toContainText("Today1");
  await expect(row.getByRole("img", { name: /^Answers per day, last 14 days: (0, ){13}1$/ })).toBeVisible();
});
