// An admin manages a person's API tokens and password on the person page.
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { cliResult as cli } from "../support/run-cli";
import { admin, signIn, uniqueEmail } from "./helpers";

test("an admin sees a person's tokens, revokes one and resets the password, which revokes the rest", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("tokens");
  const { user } = cli(["user", "create", "--email", email, "--role", "labeler"], "tokens-password-1") as {
    user: { id: string };
  };
  type Created = { token: string; id: string };
  const laptop = cli(["token", "create", "--email", email, "--name", "laptop"]) as Created;
  const nightly = cli(["token", "create", "--email", email, "--name", "nightly", "--expires-in-days", "30"]) as Created;
  const client = await playwrightRequest.newContext({ baseURL });
  const statusOf = async (token: string) =>
    (await client.post("/api/projects/none/tasks/next", { headers: { authorization: `Bearer ${token}` } })).status();
  // A labeler's token reaches the queue (404: no such project for them), an ended one does not (401).
  expect(await statusOf(laptop.token)).toBe(404);

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/users/${user.id}`);
  const tokens = page.getByTestId("api-tokens");
  const laptopRow = page.getByTestId(`api-token-${laptop.id}`);
  const nightlyRow = page.getByTestId(`api-token-${nightly.id}`);
  await expect(laptopRow).toContainText("laptop");
  await expect(laptopRow).toContainText(laptop.token.slice(0, 11));
  await expect(laptopRow).toContainText("never");
  await expect(laptopRow).toContainText("active");
  await expect(nightlyRow).toContainText("nightly");
  await expect(tokens).not.toContainText(laptop.token);
  await page.screenshot({ path: "test-results/person-tokens.png", fullPage: true });

  await page.getByRole("button", { name: `Revoke token ${laptop.token.slice(0, 11)}` }).click();
  await expect(page.getByTestId("api-tokens-message")).toHaveText("Token revoked.");
  await expect(laptopRow).toContainText("revoked");
  await expect(laptopRow.getByRole("button")).toHaveCount(0);
  expect(await statusOf(laptop.token)).toBe(401);
  expect(await statusOf(nightly.token)).toBe(404);

  const reset = page.getByRole("form", { name: "Reset password" });
  await reset.getByLabel("New password").fill("a-brand-new-password");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await page
    .getByRole("dialog", { name: /^Reset the password of .+@.+\?$/ })
    .getByRole("button", { name: /^Reset password for / })
    .click();
  await expect(reset.getByTestId("form-message")).toHaveText(
    "Password changed; their open sessions have ended and 1 API token(s) were revoked.",
  );
  await expect(nightlyRow).toContainText("revoked");
  expect(await statusOf(nightly.token)).toBe(401);

  await page.goto("/admin/audit?action=api_token.revoke");
  await expect(page.getByTestId("audit-table")).toContainText(`prefix: ${laptop.token.slice(0, 11)}`);
  await client.dispose();
});
