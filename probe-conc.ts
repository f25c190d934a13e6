import { startTimeSkippingServer } from './src/dev/temporal-binaries';
const t = Date.now();
const tag = process.argv[2];
startTimeSkippingServer({ cacheDir: '/tmp/probe/conc-cache', log: (l) => console.log(`${tag} ${l.slice(0, 140)}`) }).then(
  async ({ env, route }) => { console.log(tag, 'started via', route, Date.now() - t, 'ms'); await env.teardown(); process.exit(0); },
  (e: unknown) => { console.log(tag, 'ERR', e); process.exit(1); });
