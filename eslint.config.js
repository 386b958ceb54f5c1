import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * Dependencies run one way: edges (teams, http, cli, main) depend on the core; the core never on
 * an edge; every folder may use contract. Only src/teams imports the Bot Framework SDK.
 */
const SDK = { group: ["botbuilder", "botbuilder-*", "botframework-*", "@microsoft/agents-*"], message: "Only src/teams imports the Bot Framework SDK." };
const HTTP = { group: ["restify", "restify-*"], message: "Only src/http serves HTTP." };
const folder = (name) => ({ group: [`../${name}`, `../${name}/*`, `../../${name}/*`], message: `This folder may not import src/${name}.` });
const EDGES = ["teams", "http", "cli"].map(folder).concat([{ group: ["../main.js", "../../main.js"], message: "Nothing imports the composition root." }]);

/** Allowed imports of each core folder, as the folders it may NOT import. */
const CORE = {
  contract: { patterns: [{ group: ["../*", "../../*"], message: "contract/ imports nothing of ours." }] },
  knowledge: ["thresholds", "deadlines", "answers", "cards", "reminders", "store"],
  thresholds: ["deadlines", "answers", "cards", "reminders", "store"],
  deadlines: ["thresholds", "answers", "cards", "reminders", "store"],
  answers: ["cards", "reminders"],
  cards: ["knowledge", "thresholds", "answers", "reminders", "store"],
  store: ["thresholds", "deadlines", "answers", "cards", "reminders"],
  reminders: [],
  http: ["knowledge", "thresholds", "deadlines", "answers", "cards", "reminders", "store", "teams", "cli"],
};

const boundaries = Object.entries(CORE).map(([name, banned]) => ({
  files: [`src/${name}/**`],
  rules: {
    "no-restricted-imports": [
      "error",
      Array.isArray(banned)
        ? { patterns: name === "http" ? [SDK, ...banned.map(folder)] : [SDK, HTTP, ...banned.map(folder), ...EDGES] }
        : { patterns: [SDK, HTTP, ...banned.patterns] },
    ],
  },
}));

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "dist/", "data/", "coverage/", "test-results/", "**/*.json"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": "off",
      // The browser's deprecated global escape() is never what is meant (escapeRegExp is).
      "no-restricted-globals": ["error", { name: "escape", message: "Import escapeRegExp from src/contract/text.ts." }],
    },
  },
  { files: ["src/*.ts", "src/cli/**"], ignores: ["src/main.ts"], rules: { "no-restricted-imports": ["error", { patterns: [SDK, HTTP] }] } },
  ...boundaries,
);
