// The authorization matrix must name every route handler, page and server action that
// exists, and only those: a new route without an entry fails here. Its server-action calls
// must be ones React reads: checked with the React build that Next bundles.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, ROUTES, type AuthzContext } from "../support/authz-matrix";
import { actionCallBody, type LeadingArguments } from "../support/server-action-form";

const root = path.resolve(__dirname, "..", "..");

function files(dir: string, name: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return name.test(entry) ? [path.relative(root, full)] : [];
  });
}

/** app/(group)/admin/[slug]/page.tsx -> /admin/[slug] (route groups do not show in URLs). */
const urlOf = (file: string) =>
  `/${path
    .dirname(file)
    .split(path.sep)
    .slice(1)
    .filter((part) => !/^\(.*\)$/.test(part))
    .join("/")}`;

/**
 * The pages/api handlers (the queue's hot path, docs/ARCHITECTURE.md): pages/api/tasks/[leaseId]/submit.ts
 * -> "POST /api/tasks/[leaseId]/submit". A pages/api handler answers every method, so each must
 * name the one it serves with postOnly (lib/server/node-api.ts), which refuses the others.
 */
function pagesApiRoutes(): string[] {
  const dir = path.join(root, "pages");
  return files(dir, /\.tsx?$/).map((file) => {
    const source = readFileSync(path.join(root, file), "utf8");
    expect(file, "pages/ holds only API routes").toMatch(/^pages\/api\//);
    expect(source, `${file} must refuse every method but its own`).toMatch(/if \(!postOnly\(req, res\)\) return;/);
    return `POST ${urlOf(file)}/${path.basename(file).replace(/\.tsx?$/, "")}`;
  });
}

describe("authorization matrix", () => {
  it("has an entry for every route handler method, and no other", () => {
    const actual = files(path.join(root, "app"), /^route\.ts$/).flatMap((file) => {
      const source = readFileSync(path.join(root, file), "utf8");
      const methods = [
        ...source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g),
      ];
      const reexported = /export \{ (\w+) as GET, \1 as POST \}/.exec(source) ? ["GET", "POST"] : [];
      return [...methods.map((m) => m[1]!), ...reexported].map((method) => `${method} ${urlOf(file)}`);
    });
    expect(actual.length).toBeGreaterThan(10);
    expect([...actual, ...pagesApiRoutes()].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it("has an entry for every page, and no other", () => {
    const actual = files(path.join(root, "app"), /^page\.tsx$/).map(urlOf);
    expect([...actual].sort()).toEqual(Object.keys(PAGES).sort());
  });

  it("names every server action, each of which checks for an admin before anything else", () => {
    const actionFiles = files(path.join(root, "app"), /\.tsx?$/).filter((file) =>
      /^["']use server["']/m.test(readFileSync(path.join(root, file), "utf8")),
    );
    const actual: string[] = [];
    for (const file of actionFiles) {
      const source = readFileSync(path.join(root, file), "utf8");
      for (const match of source.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{\s*([^\n]*)/g)) {
        actual.push(`${file}#${match[1]}`);
        expect(match[2], `${file}#${match[1]} must start with its authorization check`).toMatch(
          /^const \w+ = await requirePageAdmin\(\);$/,
        );
      }
    }
    expect(actual.sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});

// Next (built with Turbopack) ships its own copy of React's server-component code; this is the
// encoder the browser runs for a form's action (production build, as `next build` bundles it).
const reactClient = createRequire(path.join(root, "package.json"))(
  "next/dist/compiled/react-server-dom-turbopack/cjs/react-server-dom-turbopack-client.browser.production.js",
) as { encodeReply: (value: unknown) => Promise<FormData | string> };

const sampleContext: AuthzContext = {
  slug: "authz-sample",
  conversationSlug: "authz-conv-sample",
  conversationId: "00000000-0000-4000-8000-00000000000c",
  task: async () => ({ id: "", completions: [] }),
  exportId: "00000000-0000-4000-8000-000000000001",
  userId: "00000000-0000-4000-8000-000000000002",
  spareEmail: "spare@test.example",
  spareTokenId: "00000000-0000-4000-8000-000000000007",
  itemId: "00000000-0000-4000-8000-000000000003",
  completionId: "00000000-0000-4000-8000-000000000004",
  leaverId: "00000000-0000-4000-8000-000000000005",
  leaverTokenId: "00000000-0000-4000-8000-000000000008",
  targetUserId: "00000000-0000-4000-8000-000000000006",
  modelEndpointId: "00000000-0000-4000-8000-000000000009",
  modelToRemoveByRouteId: "00000000-0000-4000-8000-00000000000a",
  modelToRemoveByActionId: "00000000-0000-4000-8000-00000000000b",
  generationJobId: "00000000-0000-4000-8000-00000000000c",
  generationToResumeId: "00000000-0000-4000-8000-00000000000d",
  answerId: "00000000-0000-4000-8000-00000000000e",
  answerCompletions: ["00000000-0000-4000-8000-00000000000f", "00000000-0000-4000-8000-000000000010"],
  conversationLeaseId: "00000000-0000-4000-8000-000000000012",
  conversationReplies: async () => [],
  judges: { name: "j", toRemove: "j-remove", cancelJudge: "j-cancel", runId: "00000000-0000-4000-8000-000000000013" },
  unique: () => "sample",
};

/** What React sends when a form calls `action(...leading, formData)`. */
async function reactEncoding(
  fields: Record<string, string>,
  leading: LeadingArguments = [null],
): Promise<[string, FormDataEntryValue][]> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const encoded = await reactClient.encodeReply([...leading, form]);
  if (!(encoded instanceof FormData)) throw new Error(`React encoded a form as a string: ${encoded}`);
  return [...encoded.entries()];
}

describe("the matrix's server-action calls", () => {
  it("send each action's form exactly as React's encodeReply writes it", async () => {
    for (const [name, entry] of Object.entries(ACTIONS)) {
      const fields = entry.form(sampleContext);
      expect(Object.keys(fields).length, `${name} has a form`).toBeGreaterThan(0);
      expect([...actionCallBody(fields, entry.leading).entries()], name).toEqual(
        await reactEncoding(fields, entry.leading),
      );
    }
  });

  it("send a plain form action's and a bound action's arguments as React does", async () => {
    const fields = { userId: "00000000-0000-4000-8000-000000000002" };
    for (const leading of [[], ["$5 voucher", 3, true, null]] as LeadingArguments[]) {
      expect([...actionCallBody(fields, leading).entries()]).toEqual(await reactEncoding(fields, leading));
    }
  });

  it("put a form's fields under _1_ before the arguments, not under 1_ after them (which arrived empty)", async () => {
    const fields = { slug: "authz-sample" };
    expect(await reactEncoding(fields)).not.toEqual([
      ["0", '[null,"$K1"]'],
      ["1_slug", "authz-sample"],
    ]);
    expect(await reactEncoding(fields)).toEqual([
      ["_1_slug", "authz-sample"],
      ["0", '[null,"$K1"]'],
    ]);
  });
});
