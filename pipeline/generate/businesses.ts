// The kinds of business the synthetic generators can make: `retail` (generator.ts, purchases) and
// `subscription` (subscription-generator.ts, contracts and payments). Light: the CLI's option table reads it.
export const BUSINESSES = ['retail', 'subscription'] as const;
export type Business = (typeof BUSINESSES)[number];
