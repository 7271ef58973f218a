// No "use client": a page rendered on the server (the admin's item page) renders Markdown there
// and ships none of this; pages that render it in the browser load it through lazy-markdown.tsx.
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

type MdNode = { type: string; value?: string; children?: MdNode[] };

/**
 * Raw HTML in prompts, completions and guidelines is shown as the text it is, never
 * interpreted: react-markdown builds React elements (no innerHTML), and this plugin turns
 * HTML nodes into plain text nodes so that `<script>` is visible rather than silently dropped.
 */
function remarkHtmlAsText() {
  const visit = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(visit);
  };
  return (tree: MdNode) => visit(tree);
}

const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
      {children}
    </a>
  ),
  // No images: a remote image would be a request made on the labeler's behalf.
  img: ({ alt }) => <span className="text-slate-500">[image{alt ? `: ${alt}` : ""}]</span>,
};

export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <div className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm, remarkHtmlAsText]} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
