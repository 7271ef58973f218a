// The authorization matrix must name every route handler, page and server action that
// exists, and only those: a new route without an entry fails here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, ROUTES } from "../support/authz-matrix";

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
    expect([...actual].sort()).toEqual(Object.keys(ROUTES).sort());
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
