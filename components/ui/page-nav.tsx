import Link from "next/link";

/** "← Newer · Page 2 of 5 · Older →" under a paged list; nothing when there is one page. */
export function PageNav({
  page,
  pages,
  href,
  previous,
  next,
  className = "mt-6",
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
  previous: string;
  next: string;
  className?: string;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pages" className={`${className} flex items-center justify-between text-sm`}>
      {page > 1 ? (
        <Link href={href(page - 1)} className="text-indigo-700 hover:underline">
          ← {previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={href(page + 1)} className="text-indigo-700 hover:underline">
          {next} →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
