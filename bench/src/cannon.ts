/**
 * One closed-loop run for `bench:town` (town.ts), in a process of its own so that the load
 * generator shares neither the app's nor the driver's event loop: autocannon's API with a list
 * of paths that every connection walks in turn (the details rotate over many cases instead of
 * hitting one cached row). Reads its job as JSON from argv[2], prints the result as JSON.
 */
import { createRequire } from 'node:module';

interface Job {
  url: string;
  paths: string[];
  cookie: string;
  connections: number;
  duration: number;
}

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p97_5: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: Result) => void) => unknown;

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
autocannon(
  {
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    headers: { cookie: job.cookie },
    requests: job.paths.map((path) => ({ method: 'GET', path })),
  },
  (err, r) => {
    if (err) {
      console.error(err);
      process.exit(1);
    }
    process.stdout.write(
      JSON.stringify({
        rps: r.requests.average,
        total: r.requests.total,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p97_5: r.latency.p97_5,
        p99: r.latency.p99,
        max: r.latency.max,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      }),
    );
  },
);
