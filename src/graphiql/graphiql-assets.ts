/**
 * GraphiQL's code, served by the gateway under /graphiql/assets/ so that the page works with no
 * internet: yoga's GraphiQL bundle and its Monaco workers (@graphql-yoga/render-graphiql), the
 * graphql-ws and graphql-sse browser builds, and our own page script. All of them come from
 * node_modules, at the versions package-lock.json pins. The 9 MB bundle is read on first use.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export const GRAPHIQL_ASSETS_PATH = '/graphiql/assets/';

const require = createRequire(import.meta.url);
const JS = 'text/javascript; charset=utf-8';

type Bundle = typeof import('@graphql-yoga/render-graphiql/graphiql');
let bundle: Promise<Bundle> | undefined;
const yogaBundle = (): Promise<Bundle> => (bundle ??= import('@graphql-yoga/render-graphiql/graphiql'));

const fromFile = (file: string) => () => readFile(file, 'utf8');
/** A file of an installed package (the UMD builds are not in the packages' `exports`). */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** Name under /graphiql/assets/ → its content type and how to read it. */
const ASSETS: Record<string, { type: string; read: () => Promise<string | Uint8Array<ArrayBuffer>> }> = {
  'yoga-graphiql.js': { type: JS, read: async () => (await yogaBundle()).js },
  'graphiql.css': { type: 'text/css; charset=utf-8', read: async () => (await yogaBundle()).css },
  'editor.worker.js': { type: JS, read: async () => (await yogaBundle()).editorWorkerService },
  'json.worker.js': { type: JS, read: async () => (await yogaBundle()).jsonWorker },
  'graphql.worker.js': { type: JS, read: async () => (await yogaBundle()).graphqlWorker },
  'favicon.ico': {
    type: 'image/x-icon',
    read: async () => new Uint8Array(Buffer.from((await yogaBundle()).favicon.replace(/^data:[^,]*;base64,/, ''), 'base64')),
  },
  'graphql-ws.js': { type: JS, read: fromFile(packageFile('graphql-ws', 'umd/graphql-ws.min.js')) },
  'graphql-sse.js': { type: JS, read: fromFile(packageFile('graphql-sse', 'umd/graphql-sse.min.js')) },
  // Beside this module in src/ and in dist/ alike: both sit two folders below the package root.
  'hookgate-graphiql.js': { type: JS, read: fromFile(new URL('../../src/graphiql/hookgate-graphiql.browser.js', import.meta.url).pathname) },
};

/** The asset at `pathname`, or null when it names none. */
export async function readGraphiQLAsset(pathname: string): Promise<{ type: string; body: string | Uint8Array<ArrayBuffer> } | null> {
  if (!pathname.startsWith(GRAPHIQL_ASSETS_PATH)) return null;
  const name = pathname.slice(GRAPHIQL_ASSETS_PATH.length);
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  return asset ? { type: asset.type, body: await asset.read() } : null;
}
