/**
 * `npm run setup:temporal [dev-server] [test-server]`: makes sure the Temporal dev server and the
 * time-skipping test server can be started (explicit path, cached build, SDK download or a registry build),
 * so the first test run or `npm start` does not pay for the build. Prints the route and path of each.
 */
import { ensureTemporalBinaries, type TemporalServerKind } from './temporal-binaries';

const allKinds: readonly TemporalServerKind[] = ['dev-server', 'test-server'];

function parseKinds(args: readonly string[]): TemporalServerKind[] {
  const unknown = args.filter((arg) => !allKinds.includes(arg as TemporalServerKind));
  if (unknown.length > 0) {
    throw new Error(`Unknown server kind: ${unknown.join(', ')} (expected ${allKinds.join(' or ')})`);
  }
  return args.length > 0 ? (args as TemporalServerKind[]) : [...allKinds];
}

async function main(): Promise<void> {
  const results = await ensureTemporalBinaries({ kinds: parseKinds(process.argv.slice(2)) });
  for (const [kind, { route, path }] of Object.entries(results)) {
    console.log(`${kind}: ${route}${path ? ` ${path}` : ' (the SDK manages the downloaded binary)'}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    // A failed SDK start can leave the native runtime holding the event loop open; exit explicitly.
    process.exit(1);
  },
);
