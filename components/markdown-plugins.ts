// remark plugins of the markdown renderer (components/markdown.tsx). Pure tree edits, so
// what a reply renders as is unit-tested without a browser.

type MdNode = {
  type: string;
  value?: string;
  ordered?: boolean | null;
  start?: number | null;
  children?: MdNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  data?: { hProperties?: Record<string, string> };
};

/**
 * A list whose items are all empty is text that looks like a list marker: a reply "56." or
 * "111." (a model's answer to "how many ...?") parses as an empty ordered list starting at
 * 56 and rendered as a bare number hanging outside its card. It is shown as the text written.
 */
export function remarkEmptyListAsText() {
  const visit = (node: MdNode, source: string) => {
    node.children?.forEach((child, index) => {
      const empty = child.children?.every((item) => !item.children?.length) ?? false;
      const start = child.position?.start.offset;
      const end = child.position?.end.offset;
      if (child.type === "list" && empty && start !== undefined && end !== undefined) {
        node.children![index] = { type: "paragraph", children: [{ type: "text", value: source.slice(start, end) }] };
      } else {
        visit(child, source);
      }
    });
  };
  return (tree: MdNode, file: { value: unknown }) => visit(tree, String(file.value));
}

/**
 * Numbers the widest marker of each ordered list (`data-digits`): the stylesheet indents the
 * list by that many digits, so "111." stays inside the card instead of hanging off its edge.
 */
export function remarkListMarkerWidth() {
  const visit = (node: MdNode) => {
    if (node.type === "list" && node.ordered) {
      const last = (node.start ?? 1) + Math.max(0, (node.children?.length ?? 1) - 1);
      const digits = Math.min(9, String(Math.max(Math.abs(last), Math.abs(node.start ?? 1))).length);
      node.data = { ...node.data, hProperties: { ...node.data?.hProperties, "data-digits": String(digits) } };
    }
    node.children?.forEach(visit);
  };
  return (tree: MdNode) => visit(tree);
}
