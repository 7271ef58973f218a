import { describe, expect, it } from "vitest";
import { THEME_BOOT_SCRIPT, THEME_STORAGE_KEY, isDarkTheme, parseTheme } from "@/lib/domain/theme";

/** Runs the inline script against a stored value and a system preference; true if it set "dark". */
function bootScriptSetsDark(stored: string | null, systemDark: boolean, storageThrows = false): boolean {
  let dark: boolean | undefined;
  const localStorage = {
    getItem(key: string) {
      if (storageThrows) throw new Error("SecurityError");
      return key === THEME_STORAGE_KEY ? stored : null;
    },
  };
  const matchMedia = (query: string) => ({
    matches: query === "(prefers-color-scheme: dark)" && systemDark,
    addEventListener: () => {},
  });
  const document = {
    documentElement: {
      classList: {
        toggle: (name: string, on: boolean) => {
          if (name === "dark") dark = on;
        },
      },
    },
  };
  new Function("localStorage", "matchMedia", "document", THEME_BOOT_SCRIPT)(localStorage, matchMedia, document);
  if (dark === undefined) throw new Error("the script did not set the class");
  return dark;
}

describe("theme", () => {
  it("reads only light and dark; anything else follows the system", () => {
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("system")).toBe("system");
    expect(parseTheme(null)).toBe("system");
    expect(parseTheme("DARK")).toBe("system");
  });

  it("is dark when chosen, or when following a system that prefers dark", () => {
    expect(isDarkTheme("dark", false)).toBe(true);
    expect(isDarkTheme("light", true)).toBe(false);
    expect(isDarkTheme("system", true)).toBe(true);
    expect(isDarkTheme("system", false)).toBe(false);
  });

  it("the inline boot script decides as parseTheme + isDarkTheme do, for every stored value", () => {
    for (const stored of [null, "light", "dark", "system", "junk"]) {
      for (const systemDark of [false, true]) {
        expect(bootScriptSetsDark(stored, systemDark), `${stored} / ${systemDark}`).toBe(
          isDarkTheme(parseTheme(stored), systemDark),
        );
      }
    }
  });

  it("the boot script follows the system when storage is unavailable", () => {
    expect(bootScriptSetsDark("light", true, true)).toBe(true);
    expect(bootScriptSetsDark("dark", false, true)).toBe(false);
  });
});

describe("theme boot script, while the page is open", () => {
  it("follows a change of the system's setting unless light or dark was chosen", () => {
    for (const [stored, expected] of [
      [null, true],
      ["light", false],
      ["dark", true],
    ] as const) {
      const query = {
        matches: false,
        listener: () => {},
        addEventListener: (_: string, l: () => void) => (query.listener = l),
      };
      let dark = false;
      const document = { documentElement: { classList: { toggle: (_: string, on: boolean) => (dark = on) } } };
      const localStorage = { getItem: () => stored };
      new Function("localStorage", "matchMedia", "document", THEME_BOOT_SCRIPT)(localStorage, () => query, document);
      query.matches = true;
      query.listener();
      expect(dark, String(stored)).toBe(expected);
    }
  });
});
