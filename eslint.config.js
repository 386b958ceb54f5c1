import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "data/", "coverage/", "test-results/", "**/*.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
    },
  },
  {
    // The core never depends on the Bot Framework, so it can move to the Agents SDK untouched.
    files: ["src/knowledge/**", "src/thresholds/**", "src/deadlines/**", "src/answers/**", "src/cards/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["botbuilder*", "botframework-*"], message: "The core never imports the Bot Framework SDK." }] }],
    },
  },
);
