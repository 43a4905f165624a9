// Plain JavaScript that any Node.js runs, so that an older Node gets one clear message instead
// of a crash deep in an import (`node:sqlite`, a `.ts` file). Run first by `npm start`,
// `npm test` (their pre-scripts) and `npx hookgate` (bin/hookgate.js).
//   node bin/require-node.js "<what the person ran>"

/**
 * What the dependencies need (package.json `engines`, test/node-version.test.ts keeps them
 * equal): undici needs 22.19+, GraphQL Code Generator's prompts 22.22.2+ or 24.15+.
 */
export const ENGINES = '^22.22.2 || ^24.15.0 || >=26.0.0';

/** Whether `version` (e.g. "v24.15.0") satisfies ENGINES. */
export function isSupported(version) {
  const [major, minor, patch] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 22) return minor > 22 || (minor === 22 && patch >= 2);
  if (major === 24) return minor >= 15;
  return major >= 26;
}

/** Exits with a message naming the version needed and how to get it, unless this Node will do. */
export function requireNode(command, version = process.version) {
  if (isSupported(version)) return;
  process.stderr.write(
    `Hookgate needs Node.js 24.15 or newer (22.22.2+ on Node 22); \`${command}\` ran on Node ${version}.\n` +
      'Get Node 24 without a system install (into ~/.cache, from the npm registry):\n' +
      '  npm install --no-save --prefix ~/.cache/hookgate-node24 node@24\n' +
      '  export PATH=~/.cache/hookgate-node24/node_modules/.bin:$PATH\n' +
      `then run \`${command}\` again (or use nvm, fnm or volta: \`nvm install 24\`).\n`,
  );
  process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) requireNode(process.argv[2] ?? 'this command');
