// ESLint: typescript-eslint's strict, type-checked rules over every TypeScript file (npm run lint, npm test).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "artifacts/",
      "cache/",
      "types/",
      "coverage/",
      "sdk/dist/",
      "sdk/src/abi/",
      "ignition/deployments/",
      "test-output/",
      "demo-output/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Ids, block numbers, counts and fen (bigint) appear in messages as numbers; money is shown through formatYuan.
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      // noUncheckedIndexedAccess makes every index read `T | undefined`; `!` marks the reads the code has checked.
      "@typescript-eslint/no-non-null-assertion": "off",
      // Prettier wraps code at 120 columns; messages and descriptions stay whole strings so that they can be searched.
      "max-len": [
        "error",
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  // A type test: its statements exist to be checked by the compiler, not to run.
  { files: ["test/sdk/types.typecheck.ts"], rules: { "@typescript-eslint/no-unused-expressions": "off" } },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
