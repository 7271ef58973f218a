import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { EveryKindFixture } from "./support/every-kind-fixture";
import type { FixtureSpec } from "./support/fixture";
import { expect, type Page } from "@playwright/test";

export const admin = () => ({ email: process.env.E2E_ADMIN_EMAIL!, password: process.env.E2E_ADMIN_PASSWORD! });

/** With SCREENSHOT_DIR set, the page at desktop and phone widths (for a look, not an assertion). */
export async function shoot(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}@test.example`;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Settled when the form shows an error or the browser has left the sign-in page.
  await expect(async () => {
    const left = !new URL(page.url()).pathname.startsWith("/login");
    const failed = await page.getByTestId("login-error").isVisible();
    expect(left || failed).toBe(true);
  }).toPass({ timeout: 15_000 });
}

export async function createUserThroughUi(
  page: Page,
  email: string,
  password: string,
  role: "labeler" | "admin" = "labeler",
) {
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Initial password").fill(password);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("form-message")).toHaveText(`Created ${role} ${email}.`);
  // The list is paged: find the new account by its email.
  await page.getByRole("search", { name: "Find people" }).getByLabel("Name or email").fill(email);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByTestId("users-table")).toContainText(email);
  await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(1);
}

export interface Fixture {
  slug: string;
  labelers: { email: string; password: string }[];
}

/** Creates a project with items and member labelers for one test (see support/fixture.ts). */
export function makeFixture(spec: FixtureSpec): Fixture {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/fixture.ts", JSON.stringify(spec)],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as Fixture;
}

/** Direct database reads to check what a journey stored. */
export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** One labeler in a project of each kind (see support/every-kind-fixture.ts). */
export function makeEveryKindFixture(): EveryKindFixture {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/every-kind-fixture.ts"],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as EveryKindFixture;
}
