import type { Metadata } from "next";
import { headers } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RLHF Studio", template: "%s · RLHF Studio" },
  description: "Collect demonstrations and preference rankings for RLHF, with proven data quality.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next tags its scripts with the CSP nonce server.mjs puts on the request
  // only when it renders on demand (a prerendered page would carry none and be blocked).
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
