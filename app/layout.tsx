import type { Metadata } from "next";
import { headers } from "next/headers";
import { THEME_BOOT_SCRIPT } from "@/lib/domain/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RLHF Studio", template: "%s · RLHF Studio" },
  description: "Collect demonstrations and preference rankings for RLHF, with proven data quality.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next tags its scripts with the CSP nonce server.mjs puts on the request
  // only when it renders on demand (a prerendered page would carry none and be blocked).
  // The theme script must run before the first paint, so it is inline and carries that nonce too.
  const policy = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  return (
    // The boot script adds the "dark" class before React hydrates: not a mismatch to report.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
