import { ensureTemporalBinaries } from './src/dev/temporal-binaries';
const t = Date.now();
ensureTemporalBinaries({
  kinds: ['dev-server'],
  cacheDir: '/tmp/probe/sumdb-cache',
  env: { ...process.env, TICKLER_SKIP_SDK_DOWNLOAD: '1', GOMODCACHE: '/tmp/probe/gomod', GOSUMDB: 'sum.golang.org https://127.0.0.1:9' },
}).then((r) => console.log('OK', JSON.stringify(r), Date.now() - t), (e: unknown) => console.log('ERR', e, Date.now() - t));
