/** What a caller may see: its agency, and the workspaces its API key is limited to (all, resolved). */
export interface Access {
  agencyId: string;
  workspaceIds: readonly string[];
}
