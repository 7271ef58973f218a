import { requirePageAdmin } from "@/lib/server/auth/session";

// Every admin page checks again on its own; this layout keeps labelers out of the whole tree.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  await requirePageAdmin();
  return children;
}
