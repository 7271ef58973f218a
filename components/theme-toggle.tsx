"use client";

import { useEffect } from "react";
import { useStoredValue } from "@/components/use-stored-value";
import { THEMES, THEME_STORAGE_KEY, isDarkTheme, parseTheme, type Theme } from "@/lib/domain/theme";

const LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };

/** Light, dark or the system's choice; remembered in this browser, applied at once. */
export function ThemeToggle() {
  const [stored, store] = useStoredValue(THEME_STORAGE_KEY);
  const theme = parseTheme(stored);

  // A change of the system's setting is followed by the boot script's listener (lib/domain/theme.ts).
  useEffect(() => {
    const systemDark = window.matchMedia("(prefers-color-scheme: dark)").matches;
    document.documentElement.classList.toggle("dark", isDarkTheme(theme, systemDark));
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
