import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

const IMG = "<img src=x onerror=alert(1)>";
const SCRIPT = "<script>alert(2)</script>";

test("HTML and scripts in prompts, completions and guidelines render as inert text", async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    guidelines: `Guidelines ${SCRIPT} and [a link](javascript:alert(4))`,
    items: [
      {
        messages: [{ role: "user", content: `Prompt with <iframe src="/x-frame"></iframe> and ${IMG}` }],
        completions: [`Completion one ${IMG}`, `Completion two ${SCRIPT} [click me](javascript:alert(3))`],
      },
    ],
  });
  const dialogs: string[] = [];
  const suspicious: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/x" || url.pathname === "/x-frame") suspicious.push(request.url());
  });

  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  const main = page.locator("main");
  await expect(page.getByTestId("conversation")).toContainText(IMG);
  await expect(main).toContainText(`Completion one ${IMG}`);
  await expect(main).toContainText(SCRIPT);
  await expect(page.getByRole("complementary", { name: "Guidelines" })).toContainText(SCRIPT);
  await expect(main.locator("img, iframe, script")).toHaveCount(0);
  const hrefs = await main.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.some((href) => href.toLowerCase().startsWith("javascript:"))).toBe(false);
  await main.getByText("click me").click();
  await page.waitForTimeout(500);
  expect(dialogs).toEqual([]);
  expect(suspicious).toEqual([]);
  const [{ n }] = (await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
    [fixture.slug],
  )) as [{ n: number }];
  expect(n).toBe(1);
});
