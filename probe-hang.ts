import { ensureTemporalBinaries } from './src/dev/temporal-binaries';
ensureTemporalBinaries({ cacheDir: '/tmp/probe/hang-cache', env: { PATH: '/tmp/probe/emptybin' } }).then(
  (r) => console.log('OK', r),
  (e: unknown) => console.log('ERR', (e as Error).message),
);
