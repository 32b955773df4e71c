import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The e2e tests exercise the built site; fail early and clearly when there is none. */
export default function assertSiteIsBuilt(): void {
  const dist = resolve(import.meta.dirname, '../../dist');
  const required = ['index.html', 'search/index.html', 'pagefind/pagefind.js'];
  const missing = required.filter((file) => !existsSync(resolve(dist, file)));
  if (missing.length > 0) {
    throw new Error(`dist/ is missing ${missing.join(', ')}. Run \`npm run build\` before \`npm run test:e2e\`.`);
  }
}
