/**
 * A rule's options with its defaults filled in, the way typescript-eslint's `applyDefault` does it:
 * position by position, objects merged deeply, everything else (arrays included) replaced.
 * Both hosts use it, so a rule sees the same options in ESLint and in `resilint analyze`.
 */
export function applyDefault<Options extends readonly unknown[]>(defaultOptions: Options, userOptions: readonly unknown[] | undefined): Options {
  const options = structuredClone(defaultOptions) as unknown as unknown[];
  if (!userOptions) return options as unknown as Options;
  for (const [index, user] of userOptions.entries()) {
    if (user === undefined) continue;
    const base = options[index];
    options[index] = isPlainObject(base) && isPlainObject(user) ? deepMerge(base, user) : user;
  }
  return options as unknown as Options;
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
