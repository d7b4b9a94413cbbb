// Replaced by the database template setup; kept so vitest.config.ts resolves.
export default function setup(): void {}
