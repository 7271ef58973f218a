import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/markdown";

const html = (text: string) => renderToStaticMarkup(createElement(Markdown, { children: text }));

describe("markdown: replies render as written", () => {
  it("a one-line number like '56.' or '111.' is text, not an ordered list starting there", () => {
    expect(html("56.")).toBe('<div class="markdown "><p>56.</p></div>');
    expect(html("111.")).toBe('<div class="markdown "><p>111.</p></div>');
    expect(html("7)")).toBe('<div class="markdown "><p>7)</p></div>');
    expect(html("-")).toBe('<div class="markdown "><p>-</p></div>');
    expect(html("The answer is\n\n56.")).toContain("<p>56.</p>");
    expect(html("56.")).not.toContain("<ol");
  });

  it("real lists stay lists, indented by their widest number", () => {
    const list = html("1. one\n2. two");
    expect(list).toContain('<ol data-digits="1">');
    expect(list).toContain("<li>one</li>");
    expect(html("99. a\n100. b")).toContain('<ol start="99" data-digits="3">');
    expect(html("- a\n- b")).toContain("<ul>");
    // A list with some empty items is still a list.
    expect(html("1. one\n2.\n3. three")).toContain("<ol");
  });

  it("raw HTML in a reply stays visible text", () => {
    expect(html("<script>alert(1)</script>")).toContain("&lt;script&gt;");
  });

  it("links open elsewhere, and script addresses are dropped", () => {
    expect(html("[docs](https://example.com/a)")).toContain(
      '<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow"',
    );
    for (const address of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:x", "data:text/html,hi"]) {
      expect(html(`[click](${address})`)).not.toContain("href");
    }
  });

  it("images are a placeholder (no request on the labeler's behalf); headings add no ids", () => {
    expect(html("![a cat](https://example.com/cat.png)")).toContain("[image: a cat]");
    expect(html("![a cat](https://example.com/cat.png)")).not.toContain("<img");
    expect(html("# main")).toContain("<h1>main</h1>");
  });

  it("GitHub-flavoured tables, strikethrough and fenced code render", () => {
    expect(html("| a | b |\n|---|---|\n| 1 | 2 |")).toContain("<table>");
    expect(html("~~gone~~")).toContain("<del>gone</del>");
    expect(html("```js\nconst x = 1;\n```")).toContain("<pre><code");
  });
});

describe("markdown: a list right after a paragraph line (CommonMark lets it interrupt one)", () => {
  it("is a list, as models write it, with the paragraph before it kept", () => {
    const text = "Let us go step by step.\n1. Start.\n2. Then.\nIn short: fine.";
    const out = html(text);
    expect(out).toContain("<p>Let us go step by step.</p>");
    expect(out).toContain('<ol data-digits="1">');
    expect(out).toContain("<li>Start.</li>");
    expect(html("Options:\n- tea\n- coffee")).toContain("<ul>");
  });

  it("but a number other than 1 does not start one, and code blocks are left alone", () => {
    expect(html("The year was\n1999. It rained.")).not.toContain("<ol");
    expect(html("```\nx = 1\n1. not a list\n```")).not.toContain("<ol");
  });
});
