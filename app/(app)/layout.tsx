import { AppShell } from "@/components/app-shell";
import { requirePageUser } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
