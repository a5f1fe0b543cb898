/** The workspace the embedded default runs as (created by the migration that added workspaces). */
export const LOCAL_WORKSPACE_ID = "00000000-0000-4000-8000-000000000001";
export const LOCAL_WORKSPACE_NAME = "Local";
