// The resolve hook behind src-loader.mjs.
const SRC = new URL('../src/', import.meta.url);
const CANDIDATES = ['', '.ts', '.tsx', '.js', '/index.ts'];

export async function resolve(specifier, context, next) {
  const target = specifier.startsWith('@/') ? new URL(specifier.slice(2), SRC).href : specifier;
  const extensionless = target.startsWith('@/') || target.startsWith('.') || target.startsWith('file:') || !/\.[cm]?[jt]sx?$/.test(target);
  let firstError;
  for (const suffix of extensionless ? CANDIDATES : ['']) {
    try {
      return await next(`${target}${suffix}`, context);
    } catch (error) {
      if (error?.code !== 'ERR_MODULE_NOT_FOUND' && error?.code !== 'ERR_UNSUPPORTED_DIR_IMPORT') throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}
