// Lets a command-line script run the app's own modules (src/) under plain Node: `@/…` imports
// resolve to src/, and extensionless imports (as Next's bundler allows them) find their .ts,
// .tsx or .js file. Node itself strips the TypeScript types. Registered with
// `node --import ./scripts/src-loader.mjs`.
import { register } from 'node:module';

register('./src-resolve.mjs', import.meta.url);
