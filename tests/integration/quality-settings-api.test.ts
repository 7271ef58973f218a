// PUT /api/projects/{slug}/quality/settings: every setting of issue 16 in one request, as
// DESIGN.md's example sets them (docs/API.md); a refused value anywhere changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { GET, PUT } from "@/app/api/projects/[slug]/quality/settings/route";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const request = (token: string, method: string, body?: unknown) =>
  new Request("http://localhost/api", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("the quality program's settings API", () => {
  it("sets qualification, attention, adaptive overlap and the hourly rate in one PUT; GET reads them back", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const admin = (await createApiToken((await makeUser("admin")).email, null)).token;
    const at = { params: Promise.resolve({ slug: project.slug }) };
    const put = await PUT(
      request(admin, "PUT", {
        qualificationThreshold: 0.75,
        attentionRate: 0.05,
        overlapMin: 2,
        overlapMax: 5,
        overlapConfidence: 0.9,
        hourlyRate: 18,
      }),
      at,
    );
    expect(put.status).toBe(200);
    const saved = ((await put.json()) as { quality: Record<string, unknown> }).quality;
    // The threshold asks for a qualification; without qualification items the project waits as a draft.
    expect(saved).toMatchObject({
      qualificationRequired: true,
      qualificationThreshold: 0.75,
      attentionRate: 0.05,
      overlap: 2,
      overlapMin: 2,
      overlapMax: 5,
      overlapConfidence: 0.9,
      hourlyRate: 18,
      reviewRate: 0,
      status: "draft",
      notice: expect.stringContaining("no qualification items"),
    });
    const read = ((await (await GET(request(admin, "GET"), at)).json()) as { quality: Record<string, unknown> })
      .quality;
    expect(read).toMatchObject({ qualificationThreshold: 0.75, attentionRate: 0.05, overlapMin: 2, overlapMax: 5 });

    // One bad value (a maximum under the minimum) refuses the whole body: the rate stays.
    const bad = await PUT(request(admin, "PUT", { attentionRate: 0.5, overlapMax: 1 }), at);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("overlapMax must be at least overlapMin");
    const after = ((await (await GET(request(admin, "GET"), at)).json()) as { quality: Record<string, unknown> })
      .quality;
    expect(after.attentionRate).toBe(0.05);
    // Peer review is a demonstration project's: refused here, nothing else changed.
    const review = await PUT(request(admin, "PUT", { reviewRate: 0.5, trainingItems: 3 }), at);
    expect(review.status).toBe(400);
    expect(await review.text()).toContain("only demonstrations are reviewed");
    expect(
      ((await (await GET(request(admin, "GET"), at)).json()) as { quality: { trainingItems: number } }).quality,
    ).toMatchObject({ trainingItems: 0 });
    const unknown = await PUT(request(admin, "PUT", { attentionRat: 0.5 }), at);
    expect(unknown.status).toBe(400);

    const labeler = (await createApiToken((await makeMember(project.slug)).email, null)).token;
    expect((await GET(request(labeler, "GET"), at)).status).toBe(403);
    expect((await PUT(request(labeler, "PUT", { attentionRate: 0 }), at)).status).toBe(403);
  });
});
