import { expect, test } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

test("an export in a format the project's kind does not allow is refused with the allowed list", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const fixture = makeFixture({ kind: "demonstration", items: [{ messages: [{ role: "user", content: "Q" }] }] });
  const refused = await page.request.get(`/api/projects/${fixture.slug}/export?format=preference`);
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toEqual({
    error: {
      code: "bad_request",
      message:
        "format preference does not apply to a demonstration project; use one of sft, sft-prompt-completion, raw",
      details: { allowed: ["sft", "sft-prompt-completion", "raw"] },
    },
  });
  // The export form offers exactly those.
  await page.goto(`/admin/projects/${fixture.slug}?tab=export`);
  const options = page.getByRole("form", { name: "Export" }).getByLabel("Format").locator("option");
  await expect(options).toHaveCount(3);
  expect(await options.evaluateAll((list) => list.map((o) => (o as HTMLOptionElement).value))).toEqual([
    "sft",
    "sft-prompt-completion",
    "raw",
  ]);
});
