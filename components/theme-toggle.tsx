"use client";

import { useEffect } from "react";
import { useStoredValue } from "@/components/use-stored-value";
import { THEMES, THEME_STORAGE_KEY, isDarkTheme, parseTheme, type Theme } from "@/lib/domain/theme";

const LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };

/** Light, dark or the system's choice; remembered in this browser, applied at once. */
export function ThemeToggle() {
  const [stored, store] = useStoredValue(THEME_STORAGE_KEY);
  const theme = parseTheme(stored);

  useEffect(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.classList.toggle("dark", isDarkTheme(theme, query.matches));
    apply();
    // "System" follows a change of the system's setting while the page is open.
    query.addEventListener("change", apply);
    return () => query.removeEventListener("change", apply);
  }, [theme]);

  return (
    <div role="group" aria-label="Colour theme" className="flex rounded-md border border-slate-300 p-0.5 text-xs">
      {THEMES.map((t) => (
        <button
          key={t}
          type="button"
          aria-pressed={theme === t}
          onClick={() => store(t)}
          className={`rounded px-2 py-1 font-medium ${
            theme === t ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"
          }`}
        >
          {LABELS[t]}
        </button>
      ))}
    </div>
  );
}
