// No "use client": a page rendered on the server (the admin's item page) renders Markdown there
// and ships none of this; pages that render it in the browser load it through lazy-markdown.tsx.
import MarkdownToJsx, { type MarkdownToJSX } from "markdown-to-jsx";
import { Children, Fragment, type ReactNode } from "react";

// markdown-to-jsx (GFM: tables, strikethrough, task lists, autolinks) builds React elements,
// never innerHTML, in about 7 kB compressed: react-markdown with remark-gfm was 40 kB, a
// quarter of the labeling page's JavaScript budget (docs/PERFORMANCE.md, `npm run bench:ui`).

function Link({ href, children }: { href?: string; children?: ReactNode }) {
  // The renderer's sanitizer has already dropped javascript:, vbscript: and data: addresses.
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
      {children}
    </a>
  );
}

// No images: a remote image would be a request made on the labeler's behalf.
function Image({ alt }: { alt?: string }) {
  return <span className="text-slate-500">[image{alt ? `: ${alt}` : ""}]</span>;
}

/**
 * Ordered lists carry the width of their widest number (`data-digits`): the stylesheet indents
 * the list by that many digits, so "111." stays inside the card instead of hanging off its edge.
 */
function OrderedList({ start, children }: { start?: number | string; children?: ReactNode }) {
  const first = Number(start ?? 1) || 1;
  const last = first + Math.max(0, Children.count(children) - 1);
  const digits = Math.min(9, String(Math.max(Math.abs(first), Math.abs(last))).length);
  return (
    <ol start={first === 1 ? undefined : first} data-digits={digits}>
      {children}
    </ol>
  );
}

// Headings without the ids the renderer would derive from their text: a reply's "# main" must
// not give the page a second element with id "main".
const heading =
  (Tag: "h1" | "h2" | "h3" | "h4" | "h5" | "h6") =>
  ({ children }: { children?: ReactNode }) => <Tag>{children}</Tag>;

const options: MarkdownToJSX.Options = {
  // Raw HTML in prompts, completions and guidelines is shown as the text it is (`<script>` is
  // visible rather than silently dropped), never interpreted.
  disableParsingRawHTML: true,
  forceBlock: true,
  forceWrapper: true,
  wrapper: Fragment,
  overrides: {
    a: Link,
    img: Image,
    ol: OrderedList,
    h1: heading("h1"),
    h2: heading("h2"),
    h3: heading("h3"),
    h4: heading("h4"),
    h5: heading("h5"),
    h6: heading("h6"),
  },
};

const LIST_START = /^(?:[-*+]|1[.)])[ \t]+\S/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const FENCE = /^\s{0,3}(?:```|~~~)/;

/**
 * A list may interrupt a paragraph in CommonMark (a bullet, or an ordered list starting at 1),
 * and models write them so ("Step by step:\n1. …"); markdown-to-jsx wants a blank line first.
 * It gets one, outside fenced code, when the line before is text rather than another item.
 */
export function listsInterruptParagraphs(text: string): string {
  const lines = text.split("\n");
  let fenced = false;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (FENCE.test(line)) fenced = !fenced;
    const before = i > 0 ? lines[i - 1]! : "";
    if (!fenced && LIST_START.test(line) && before.trim() !== "" && !LIST_ITEM.test(before) && !/^\s/.test(before)) {
      out.push("");
    }
    out.push(line);
  });
  return out.join("\n");
}

export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <div className={`markdown ${className}`}>
      <MarkdownToJsx options={options}>{listsInterruptParagraphs(children)}</MarkdownToJsx>
    </div>
  );
}
