import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed documents from the committed schema.graphql. One output per consumer: tests/ now,
// client/ when the canvas lands.
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
  },
};

export default config;
