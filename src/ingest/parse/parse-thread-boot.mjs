// Boots the parser worker thread: registers tsx (the service runs TypeScript without a build) unless
// the parent already did, then loads the TypeScript entry.
import { URL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
await import(new URL('./parse-thread-entry.ts', import.meta.url).href);
