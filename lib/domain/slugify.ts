// A project's slug suggested from its name, as the create form fills it in: lower-case ASCII
// letters and digits, other runs become one dash, accents dropped, at most 63 characters (the
// slug rule of lib/validation/projects.ts).

const MAX = 63;

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX)
    .replace(/-+$/, "");
}
