// Flat config: typescript-eslint's recommended rules, a few light additions, and the layering rule that keeps
// the core, the CLI and the engines free of `vscode` (they run headless).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

const noVscode = {
  paths: [
    {
      name: "vscode",
      message: "src/core, src/cli and src/engines run without VS Code (CLI, unit tests); only src/extension may import vscode.",
    },
  ],
  patterns: [{ group: ["**/extension/**", "**/extension"], message: "The core must not depend on the extension layer." }],
};

export default tseslint.config(
  {
    ignores: ["dist/**", "out/**", "node_modules/**", ".cache/**", ".vscode-test/**", ".test-output/**", "examples/out/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["warn", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-throw-literal": "error",
      curly: ["warn", "multi-line"],
    },
  },
  {
    files: ["src/core/**", "src/cli/**", "src/engines/**"],
    rules: { "no-restricted-imports": ["error", noVscode] },
  },
  {
    // The core owns the ports (src/core/engine, src/core/history); src/engines and src/storage implement them, and the
    // core imports neither.
    files: ["src/core/**"],
    rules: {
      "no-restricted-imports": ["error", { ...noVscode, patterns: [...noVscode.patterns, { group: ["**/storage/**", "**/engines/**"], message: "src/core defines ports; src/engines and src/storage implement them (import those from the CLI or the extension)." }] }],
    },
  },
  {
    files: ["webview/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["test/**"],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
  },
);
