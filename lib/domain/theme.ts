// The colour theme: light, dark, or whatever the system prefers. The choice is kept in
// localStorage; the class on <html> is set by THEME_BOOT_SCRIPT before the first paint (no
// flash of the wrong theme) and afterwards by components/theme-toggle.tsx.

export const THEMES = ["light", "dark", "system"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_STORAGE_KEY = "rlhf:theme";

/** A stored value as a theme; anything unknown (or nothing) follows the system. */
export function parseTheme(value: string | null): Theme {
  return value === "light" || value === "dark" ? value : "system";
}

export function isDarkTheme(theme: Theme, systemPrefersDark: boolean): boolean {
  return theme === "dark" || (theme === "system" && systemPrefersDark);
}

/**
 * Inlined in <head> by app/layout.tsx, so it cannot import anything: the same rule as
 * parseTheme + isDarkTheme, written out (tests/unit/theme.test.ts runs both against each other).
 * It also follows a change of the system's setting while any page is open (the toggle is not on
 * every page). localStorage can throw (storage disabled): the page then follows the system.
 */
export const THEME_BOOT_SCRIPT = `(function(){var q=matchMedia("(prefers-color-scheme: dark)");function a(){var d=q.matches;try{var t=localStorage.getItem(${JSON.stringify(
  THEME_STORAGE_KEY,
)});if(t==="dark")d=true;else if(t==="light")d=false}catch(e){}document.documentElement.classList.toggle("dark",d)}a();q.addEventListener("change",a)})()`;
