/** Pure: how long an approval has waited against its expiry, and the queue's order. */
export interface ApprovalAge {
  waitedMs: number;
  leftMs: number;
  /** Waited / lifetime, 0..1. */
  used: number;
  /** Under a quarter of its life (or a day) left. */
  urgent: boolean;
  expired: boolean;
}

export function approvalAge(createdAt: string, expiresAt: string, now: Date): ApprovalAge {
  const created = Date.parse(createdAt);
  const expires = Date.parse(expiresAt);
  const life = Math.max(1, expires - created);
  const waitedMs = Math.max(0, now.getTime() - created);
  const leftMs = expires - now.getTime();
  return {
    waitedMs,
    leftMs: Math.max(0, leftMs),
    used: Math.min(1, waitedMs / life),
    urgent: leftMs > 0 && (leftMs < life / 4 || leftMs < 24 * 60 * 60 * 1000),
    expired: leftMs <= 0,
  };
}

/** Pending first, oldest first; then the decided ones, most recently decided first. */
export function queueOrder<T extends { status: string; createdAt: string; decidedAt: string | null; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const pa = a.status === 'PENDING' ? 0 : 1;
    const pb = b.status === 'PENDING' ? 0 : 1;
    if (pa !== pb) return pa - pb;
    if (pa === 0) return a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
    return (b.decidedAt ?? '').localeCompare(a.decidedAt ?? '') || b.id.localeCompare(a.id);
  });
}
