import { describe, expect, it } from "vitest";
import { retryWait } from "@/components/labeling/retry-wait";

describe("retryWait", () => {
  it("says the wait in words, rounded up to the minute", () => {
    expect(retryWait(0)).toBe("less than a minute");
    expect(retryWait(59_999)).toBe("less than a minute");
    expect(retryWait(60_000)).toBe("1 min");
    expect(retryWait(60_001)).toBe("2 min");
    expect(retryWait(60 * 60_000)).toBe("1 h");
    expect(retryWait((5 * 60 + 12) * 60_000)).toBe("5 h 12 min");
    expect(retryWait(24 * 60 * 60_000)).toBe("1 day");
    expect(retryWait((2 * 24 + 3) * 60 * 60_000 + 30 * 60_000)).toBe("2 days 3 h");
  });
});
