/** The console's read pages and their small forms beyond the approvals: partners, pipeline, inbound. */
import type { Request, Response } from 'express';
import type { Db } from '../db/types.ts';

export interface PageRoute {
  method: 'get' | 'post';
  path: string;
  handler: (req: Request, res: Response) => Promise<void>;
}

export function consolePageRoutes(_deps: { db: Db; now: () => Date }): PageRoute[] {
  return [];
}
