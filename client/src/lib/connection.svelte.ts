/** Whether the live connection (graphql-ws) is up; the banner and the live campaign read it. */
export const connection = $state({ online: true, reconnects: 0 });
