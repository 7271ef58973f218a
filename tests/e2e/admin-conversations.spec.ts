// An admin sets up a conversation project (its models, mode, turns, tools, turn review) on the
// Settings tab, sees its totals on the overview, lists its conversations and opens one: the
// whole tree, the interrupted attempt included, with endpoint, model, tokens and cost.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { admin, query, shoot, signIn } from "./helpers";

function makeConversationFixture() {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/conversation-admin-fixture.ts"],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as {
    slug: string;
    conversationId: string;
    endpoint: string;
    reviewSlug: string;
    reviewName: string;
  };
}

test("an admin configures a conversation project and reads its conversations", async ({ page }) => {
  const fixture = makeConversationFixture();
  await signIn(page, admin().email, admin().password);

  // Overview: the models are still to choose; the totals count the finished conversation.
  await page.goto(`/admin/projects/${fixture.slug}`);
  await expect(page.getByTestId("setup-step-models")).toContainText("to do: the endpoints labelers chat with");
  const totals = page.getByTestId("conversation-totals");
  await expect(totals).toContainText("Conversations finished1");
  await expect(totals).toContainText("1 in progress, 0 abandoned");
  await expect(totals).toContainText("Turns chosen2");
  // Four done replies (the interrupted one counts none) of 120 + 30 tokens at $3 / $15 per
  // million tokens: 4 × (360 + 450) millionths of a dollar.
  await expect(totals).toContainText("Tokens600480 prompt, 120 completion");
  await expect(totals).toContainText("$0.0032");

  // Settings: the Conversation section; completions per item are not asked.
  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  const form = page.getByRole("form", { name: "Conversation settings" });
  await expect(form.getByLabel("Red-team")).toBeChecked();
  await expect(page.getByLabel("Completions per item: at least")).toHaveCount(0);
  await form.getByLabel("Model 1").selectOption(fixture.endpoint);
  await form.getByLabel("Helpfulness").check();
  await form.getByLabel("Replies per turn").selectOption("2");
  await form.getByLabel("Turns: at least").fill("2");
  await form.getByLabel("at most").fill("6");
  await form.getByLabel("Tools (JSON, optional)").fill('[{"type": "function", "function": {"name": "get weather"}}]');
  await form.getByLabel("Turns sent for review (%)").fill("25");
  await form.getByLabel("Review project").selectOption(fixture.reviewSlug);
  await form.getByRole("button", { name: "Save conversation settings" }).click();
  await expect(
    form.getByText("tools: tool 1 → function → name: tool names: letters, digits, _ and -, at most 64"),
  ).toBeVisible();
  await form
    .getByLabel("Tools (JSON, optional)")
    .fill('[{"type": "function", "function": {"name": "get_weather", "parameters": {"type": "object"}}}]');
  await form.getByRole("button", { name: "Save conversation settings" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Saved the conversation settings.");
  const [saved] = await query<{
    conversation_mode: string;
    min_turns: number;
    turn_review_rate: number;
    tools: unknown;
  }>("SELECT conversation_mode, min_turns, turn_review_rate, tools FROM projects WHERE slug = $1", [fixture.slug]);
  expect(saved).toMatchObject({ conversation_mode: "helpfulness", min_turns: 2, turn_review_rate: 0.25 });
  expect(saved!.tools).toEqual([
    { type: "function", function: { name: "get_weather", parameters: { type: "object" } } },
  ]);
  await expect(form.getByLabel("Model 1")).toHaveValue(fixture.endpoint);
  await shoot(page, "conversation-settings");

  // The checklist's step is done once the models are chosen: it was the last one (a conversation
  // project starts with its mode's guidelines), so the checklist is gone.
  await page.goto(`/admin/projects/${fixture.slug}`);
  await expect(page.getByTestId("conversation-totals")).toBeVisible();
  await expect(page.getByTestId("setup-checklist")).toHaveCount(0);
  await shoot(page, "conversation-overview");

  // Quality: turn consistency, empty until a reviewer answers a sampled turn.
  await page.getByRole("tab", { name: "Quality" }).click();
  await expect(page.getByTestId("turn-consistency-empty")).toContainText("No turns were reviewed yet.");

  // The Conversations tab lists both; the finished one opens its page.
  await page.getByRole("tab", { name: "Conversations" }).click();
  const table = page.getByTestId("conversations-table");
  await expect(table.locator("tbody tr")).toHaveCount(2);
  const finished = table.locator("tr", { hasText: "Ada Reviewer" });
  await expect(finished).toContainText("finished");
  await expect(finished).toContainText("1 (a little)");
  await expect(finished).toContainText("$0.0032");
  await shoot(page, "conversations-tab");
  await finished.getByRole("link", { name: "Ada Reviewer" }).click();
  await expect(page.getByRole("heading", { name: "Conversation with Ada Reviewer" })).toBeVisible();
  const turn = page.getByTestId("turn-0");
  // Reply B: the regenerated attempt (chosen) above the interrupted one, kept with its text.
  const replyB = turn.getByRole("region", { name: "Reply B" });
  await expect(replyB).toContainText("chosen");
  await expect(replyB.getByTestId("reply-attempt")).toHaveCount(2);
  await expect(replyB.getByTestId("reply-attempt").nth(1)).toContainText("interrupted");
  await expect(replyB.getByTestId("reply-attempt").nth(1)).toContainText("I can't help with th");
  await expect(replyB.getByTestId("reply-attempt").first()).toContainText(fixture.endpoint);
  await expect(replyB.getByTestId("reply-attempt").first()).toContainText("120 prompt + 30 completion tokens");
  await expect(turn.getByTestId("turn-choice")).toContainText("1 (slightly)");
  await expect(turn.getByTestId("turn-choice")).toContainText("clearly more harmful");
  await expect(page.getByTestId("conversation-summary")).toContainText("lock picking instructions");
  await shoot(page, "conversation-page");
});
