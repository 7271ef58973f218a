import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "RLHF Studio", template: "%s · RLHF Studio" },
  description: "Collect demonstrations and preference rankings for RLHF, with proven data quality.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
