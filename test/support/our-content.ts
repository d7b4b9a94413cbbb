/**
 * A reply that offers our piece goes out alone only when the relationship holds it (the draft check
 * `draft-content-on-file`). Tests that expect an automatic reply file the piece first, as an agency does:
 * the partner's account and this workspace's relationship with `ourContent`, before the reply arrives.
 */
export const OUR_CONTENT = 'https://client.example/guides/remote-work';

type Post = (path: string, body: Record<string, unknown>) => Promise<{ status: number; body: unknown }>;

/** Creates (or finds) the account of `domain` and this workspace's relationship with our piece on it. */
export async function fileOurContent(post: Post, workspaceId: string, domain: string, ourContent = OUR_CONTENT): Promise<{ accountId: string; relationshipId: string }> {
  const account = await post('/v1/link-building/crm/account', { domain });
  if (account.status !== 201 && account.status !== 200) throw new Error(`account ${domain}: ${account.status} ${JSON.stringify(account.body)}`);
  const accountId = (account.body as { id: string }).id;
  const rel = await post('/v1/link-building/crm/relationship', { workspaceId, accountId, ourContent });
  if (rel.status !== 201) throw new Error(`relationship ${domain}: ${rel.status} ${JSON.stringify(rel.body)}`);
  return { accountId, relationshipId: (rel.body as { id: string }).id };
}
