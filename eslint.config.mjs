import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".scratch/**",
      "node_modules/**",
      ".next/**",
      ".data/**",
      "lib/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript files run in Node (server.mjs, next.config.js, postcss config).
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        module: "writable",
        require: "readonly",
      },
    },
  },
  {
    plugins: { "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    // The Rules of React (hooks and the React Compiler's checks) for everything that renders.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.flat.recommended.rules,
  },
  {
    // Only lib/server/env.ts reads the app's settings; scripts and the CLI set up processes.
    files: ["app/**", "pages/**", "components/**", "lib/**"],
    ignores: ["lib/server/env.ts", "lib/server/startup-checks.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read settings through lib/server/env.ts" },
      ],
    },
  },
  {
    // lib/domain stays pure: no I/O, no server modules.
    files: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@/lib/server/*", "next/*", "pg", "@prisma/*", "node:fs", "node:fs/*", "node:net", "node:http"] },
      ],
    },
  },
  {
    // app/ never touches the database: pages, routes and actions call a lib/server function
    // (docs/DEVELOPMENT.md, "Data access"); so do the two queue routes in pages/api.
    files: ["app/**", "pages/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/server/db/*", "@/lib/generated/*", "pg", "@prisma/*"],
              message: "app/ does not import the database: use a lib/server function.",
            },
          ],
        },
      ],
    },
  },
);
