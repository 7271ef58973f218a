// The JavaScript a page makes the browser download, on a cold cache: used by the labeling
// journey (labeling-comparison.spec.ts) to guard the budget, and by `npm run bench:ui`.
import type { Browser, BrowserContext, Page } from "@playwright/test";

/** Issue 13: at most this much gzip-transferred JavaScript on a cold labeling page. */
export const LABELING_JS_BUDGET_BYTES = 150 * 1024;

export interface ScriptWeight {
  scripts: number;
  /** Compressed bytes on the wire, every script the page fetched. */
  transferredBytes: number;
  /** Of which fetched later, by the page's code (chunks its HTML does not name: lazy imports). */
  laterBytes: number;
  /** Their size once unpacked. */
  decodedBytes: number;
  encodings: string[];
}

/**
 * Opens the page in a fresh context (cold cache, the given cookies), waits for `ready` and
 * then until nothing is in flight (lazily loaded chunks count too), and sums its scripts.
 */
export async function weighScripts(
  browser: Browser,
  options: { baseURL: string; storageState?: Awaited<ReturnType<BrowserContext["storageState"]>> },
  pagePath: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<ScriptWeight> {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    const scripts: Promise<{ url: string; transferred: number; decoded: number; encoding: string }>[] = [];
    page.on("requestfinished", (request) => {
      if (request.resourceType() !== "script") return;
      scripts.push(
        (async () => {
          const response = await request.response();
          return {
            url: new URL(request.url()).pathname,
            transferred: (await request.sizes()).responseBodySize,
            decoded: (await response?.body())?.length ?? 0,
            encoding: (await response?.headerValue("content-encoding")) ?? "identity",
          };
        })(),
      );
    });
    const html = (await (await page.goto(pagePath))?.text()) ?? "";
    await ready(page);
    await page.waitForLoadState("networkidle");
    const done = await Promise.all(scripts);
    const sum = (list: typeof done) => list.reduce((total, s) => total + s.transferred, 0);
    return {
      scripts: done.length,
      transferredBytes: sum(done),
      laterBytes: sum(done.filter((s) => !html.includes(s.url))),
      decodedBytes: done.reduce((total, s) => total + s.decoded, 0),
      encodings: [...new Set(done.map((s) => s.encoding))].sort(),
    };
  } finally {
    await context.close();
  }
}
