// Pause and archive from the project page, and what a labeler holding a task then gets:
// after a pause the task in hand can still be submitted; after an archive nothing can.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

test("a pause lets the task in hand finish; an archive releases it and refuses its submit", async ({
  page,
  browser,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    labelers: 2,
    items: [1, 2, 3].map((n) => ({ messages: [{ role: "user", content: `Q${n}` }], completions: ["a", "b"] })),
  });
  const context = await browser.newContext();
  const labeler = await context.newPage();
  await signIn(labeler, fixture.labelers[0]!.email, fixture.labelers[0]!.password);
  const origin = { origin: new URL(labeler.url()).origin };
  type Task = { id: string; item: { completions: { id: string }[] } };
  const claim = async () => labeler.request.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
  const submit = (task: Task) =>
    labeler.request.post(`/api/tasks/${task.id}/submit`, {
      headers: { ...origin, "idempotency-key": randomUUID() },
      data: { ranking: task.item.completions.map((c) => [c.id]), strength: 1 },
    });
  const held = ((await (await claim()).json()) as { task: Task }).task;

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  const status = page.getByRole("form", { name: "Project status" });
  // Pausing asks first, naming the project; Escape cancels and changes nothing.
  await status.getByRole("button", { name: "Pause", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: /^Pause .+\?$/ });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  // Focus stays within the dialog.
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: /^Pause / })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(status.getByRole("button", { name: "Pause", exact: true })).toBeFocused();
  await expect(status).toContainText("Status: active");
  await status.getByRole("button", { name: "Pause", exact: true }).click();
  await confirm.getByRole("button", { name: /^Pause / }).click();
  await expect(status.getByTestId("form-message")).toHaveText(
    "Paused: labelers get no new tasks; tasks in hand can still be finished.",
  );
  // The task in hand comes back on a reload and is accepted; nothing new is handed out.
  expect(((await (await claim()).json()) as { task: Task }).task.id).toBe(held.id);
  expect((await submit(held)).status()).toBe(201);
  const refused = await claim();
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
    "This project is paused: no new tasks until an admin resumes it",
  );
  // Opening the paused project says so and shows the way back to the labeler's projects.
  await labeler.goto(`/projects/${fixture.slug}/label`);
  await expect(labeler.getByTestId("blocked")).toContainText("This project is paused");
  await labeler.getByTestId("blocked").getByRole("link", { name: "Back to my projects" }).click();
  await expect(labeler.getByRole("heading", { name: "My projects" })).toBeVisible();

  await status.getByRole("button", { name: "Resume" }).click();
  await expect(status.getByTestId("form-message")).toHaveText("Resumed.");
  // The labeler has the next task open in the workspace when the project is archived.
  await labeler.goto(`/projects/${fixture.slug}/label`);
  await expect(labeler.getByRole("button", { name: "A is better" })).toBeVisible();
  const next = ((await (await claim()).json()) as { task: Task }).task;
  await status.getByRole("button", { name: "Archive", exact: true }).click();
  await page
    .getByRole("dialog", { name: /^Archive .+\?$/ })
    .getByRole("button", { name: /^Archive / })
    .click();
  await expect(status.getByTestId("form-message")).toHaveText(
    "Archived; the 1 task(s) in hand were released and can no longer be submitted.",
  );
  // The workspace says what happened, not that the lease ran out.
  await labeler.getByRole("button", { name: "A is better" }).click();
  await labeler.getByRole("button", { name: /Clearly better/ }).click();
  await labeler.getByRole("button", { name: /^Submit/ }).click();
  await expect(labeler.getByTestId("lease-lost")).toContainText("This project was archived.");
  await expect(labeler.getByTestId("lease-lost")).not.toContainText("away too long");
  await expect(labeler.getByTestId("hint")).toHaveText("Submitting is off: the project was archived.");
  const late = await submit(next);
  expect(late.status()).toBe(409);
  expect(await late.json()).toMatchObject({
    error: { message: "This project was archived: its tasks can no longer be worked on" },
  });
  const beat = await labeler.request.post(`/api/tasks/${next.id}/heartbeat`, { headers: origin });
  expect(beat.status()).toBe(409);

  // The audit log names the project (linked) and shows only what changed.
  await page.goto("/admin/audit?action=project.pause");
  const row = page
    .getByTestId("audit-table")
    .locator("tr")
    .filter({ has: page.locator(`a[href="/admin/projects/${fixture.slug}"]`) });
  await expect(row.getByTestId("audit-project")).toHaveText(`E2E comparison ${fixture.slug.split("-").pop()}`);
  const changes = row.getByTestId("audit-changes");
  await expect(changes.locator("[data-field]")).toHaveCount(1);
  await expect(changes.locator('[data-field="status"] del')).toHaveText("active");
  await expect(changes.locator('[data-field="status"] ins')).toHaveText("paused");
  await context.close();
});
