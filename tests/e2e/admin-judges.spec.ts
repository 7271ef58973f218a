// AI judges: an admin adds a judge (an endpoint at the OpenAI-protocol stub, the default
// prompt), runs it and watches the counts; turns suggestions on, and a labeler sees the
// judge's verdict marked as a suggestion. The server's worker (npm start runs one) sends the
// requests.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { admin, makeFixture, shoot, signIn } from "./helpers";

const SHOTS = process.env.SCREENSHOT_DIR;
let stub: OpenAIStub;

test.beforeAll(async () => {
  stub = await startOpenAIStub();
});
test.afterAll(async () => {
  await stub.close();
});

test("an admin adds a judge, runs it and reads its counts; with suggestions on, a labeler sees its verdict", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const fixture = makeFixture({
    kind: "comparison",
    items: Array.from({ length: 3 }, (_, n) => ({
      messages: [{ role: "user" as const, content: `Question ${n + 1}: why is the sky blue?` }],
      completions: ["Light.", "Sunlight scatters off air molecules, and blue light scatters the most."],
    })),
  });
  const endpoint = `judge-${randomUUID().slice(0, 6)}`;

  await signIn(page, admin().email, admin().password);
  await page.goto("/admin/models");
  const add = page.getByRole("form", { name: "Add a model endpoint" });
  await add.getByLabel("Name").fill(endpoint);
  await add.getByLabel("Base URL").fill(stub.url);
  await add.getByLabel("Model id").fill("judge-good");
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.getByTestId("form-message")).toHaveText(`Added ${endpoint}.`);

  await page.goto(`/admin/projects/${fixture.slug}?tab=judges`);
  await expect(page.getByTestId("judges-empty")).toBeVisible();
  const form = page.getByRole("form", { name: "Add a judge" });
  await expect(form.getByLabel("Prompt template")).toHaveValue(/\{\{replies\}\}/);
  await form.getByLabel("Endpoint").selectOption(endpoint);
  await form.getByLabel("Name").fill("longer-wins");
  await form.getByRole("button", { name: "Add judge" }).click();

  const card = page.getByRole("article", { name: "Judge longer-wins" });
  await expect(card).toContainText(endpoint);
  await expect(card).toContainText("Not run yet.");
  await card.getByRole("button", { name: "Run judge" }).click();
  await expect(card.getByTestId("judge-run")).toContainText("completed");
  await expect(card.getByTestId("judge-run")).toContainText("3/3 items");
  const counts = card.getByTestId("judge-counts");
  await expect(counts).toContainText("Consistent3");
  await expect(counts).toContainText("Unparsed0");
  await card.getByRole("button", { name: "Show verdicts" }).click();
  await expect(card.getByTestId("judge-verdicts")).toContainText("consistent");
  await expect(card.getByRole("link", { name: "Agreement with humans" })).toHaveAttribute(
    "href",
    `/admin/projects/${fixture.slug}/judges/longer-wins/agreement`,
  );
  await shoot(page, "judges-tab");

  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  await page.getByLabel("Show judge suggestions to labelers").check();
  await expect(page.getByRole("status").filter({ hasText: "Labelers now see" })).toBeVisible();

  const labelerContext = await browser.newContext();
  const labelerPage = await labelerContext.newPage();
  const labeler = fixture.labelers[0]!;
  await signIn(labelerPage, labeler.email, labeler.password);
  await labelerPage.getByTestId(`project-card-${fixture.slug}`).getByRole("link", { name: "Start labeling" }).click();
  const suggestion = labelerPage.getByTestId("judge-suggestion");
  await expect(suggestion).toContainText("Suggestion");
  const longer = (await labelerPage.getByTestId("completion-A").textContent())!.includes("Sunlight") ? "A" : "B";
  await expect(suggestion).toContainText(`prefers reply ${longer}`);
  if (SHOTS) await labelerPage.screenshot({ path: `${SHOTS}/judge-suggestion-1280.png` });
  await labelerContext.close();
});
