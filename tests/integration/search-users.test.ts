import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { PEOPLE_PAGE_SIZE, searchUsers } from "@/lib/server/users/search-users";
import { uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

describe("searchUsers (the People list)", () => {
  it("finds accounts by a part of the email or the name, in any case, a page at a time", async () => {
    const tag = uniqueSuffix();
    const count = PEOPLE_PAGE_SIZE + 3;
    const lines = Array.from({ length: count }, (_, i) => `people-${tag}-${String(i).padStart(3, "0")}@test.example`);
    // Rows straight in: only the list is under test, not how accounts are made.
    await db.user.createMany({ data: lines.map((email) => ({ email, name: email, passwordHash: "unused" })) });
    await db.user.update({ where: { email: lines[7]! }, data: { name: `Zelda ${tag}` } });

    const first = await searchUsers({ query: `PEOPLE-${tag}`, page: 1 });
    expect(first.total).toBe(count);
    expect(first.pages).toBe(2);
    expect(first.users).toHaveLength(PEOPLE_PAGE_SIZE);
    expect(first.users[0]!.email).toBe(lines[0]);
    const second = await searchUsers({ query: `people-${tag}`, page: 2 });
    expect(second.users.map((u) => u.email)).toEqual(lines.slice(PEOPLE_PAGE_SIZE));
    // A page past the end shows the last one; zero or less, the first.
    expect((await searchUsers({ query: `people-${tag}`, page: 99 })).page).toBe(2);
    expect((await searchUsers({ query: `people-${tag}`, page: -3 })).page).toBe(1);

    const byName = await searchUsers({ query: `zelda ${tag}`, page: 1 });
    expect(byName.users.map((u) => u.email)).toEqual([lines[7]]);
    // LIKE's wildcards are matched as themselves.
    expect((await searchUsers({ query: `people-${tag}%`, page: 1 })).total).toBe(0);
    expect((await searchUsers({ query: `people_${tag}`, page: 1 })).total).toBe(0);
  });
});
