import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from the committed schema.graphql, one output per consumer: the tests and the
// canvas (documents inside .svelte files are read through svelte2tsx).
const config: CodegenConfig = {
  schema: "schema.graphql",
  overwrite: true,
  emitLegacyCommonJSImports: false,
  generates: {
    "tests/generated/": {
      documents: ["tests/**/*.ts", "!tests/generated/**"],
      preset: "client",
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: "string" } },
      presetConfig: { fragmentMasking: false },
    },
    "client/src/generated/": {
      documents: ["client/src/**/*.{ts,svelte}", "!client/src/generated/**"],
      preset: "client",
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: "string" } },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
