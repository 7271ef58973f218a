import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-indigo-600">404</p>
      <h1 className="text-2xl font-semibold">This page does not exist</h1>
      <Link href="/" className="text-sm text-indigo-700 underline">
        Back to RLHF Studio
      </Link>
    </main>
  );
}
