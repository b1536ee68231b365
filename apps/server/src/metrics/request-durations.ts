import { Histogram, type Registry } from 'prom-client';

type Label = 'method' | 'route' | 'status_code';

/** Upper bounds of the latency buckets, in seconds: Plaid-like calls take milliseconds, sync pulls seconds. */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const NAME = 'weft_http_request_duration_seconds';
const HELP = 'Time from request to response, by route pattern, method and status code';

interface Series {
  method: string;
  status: number;
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  counts: Float64Array;
  sum: number;
  count: number;
}

/** Request counts and latencies of one route pattern. */
export class RouteDurations {
  private readonly series = new Map<string, Map<number, Series>>();

  constructor(readonly route: string) {}

  /** Records one response; costs two map lookups and a bucket search. */
  record(method: string, status: number, ms: number): void {
    let byStatus = this.series.get(method);
    if (!byStatus) {
      byStatus = new Map();
      this.series.set(method, byStatus);
    }
    let s = byStatus.get(status);
    if (!s) {
      s = { method, status, counts: new Float64Array(DURATION_BUCKETS.length + 1), sum: 0, count: 0 };
      byStatus.set(status, s);
    }
    const seconds = ms / 1000;
    let i = 0;
    while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]!) i++;
    s.counts[i]! += 1;
    s.sum += seconds;
    s.count += 1;
  }

  /** Every series of this route. */
  all(): Series[] {
    return [...this.series.values()].flatMap((m) => [...m.values()]);
  }
}

/**
 * The request histogram. prom-client's own observe() hashes the label set on every call (a few
 * microseconds); here each route keeps its series in plain maps and prom-client only renders them
 * at scrape time. `_count` is the request counter by route and status.
 */
export class RequestDurations extends Histogram<Label> {
  private readonly routes = new Map<string, RouteDurations>();

  constructor(registry: Registry) {
    super({
      name: NAME,
      help: HELP,
      labelNames: ['method', 'route', 'status_code'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
  }

  /** The recorder of one route pattern (never a raw URL, which would make a series per id). */
  forRoute(route: string): RouteDurations {
    let r = this.routes.get(route);
    if (!r) {
      r = new RouteDurations(route);
      this.routes.set(route, r);
    }
    return r;
  }

  /** Renders every route's series in prom-client's histogram shape (the registry reads this one). */
  async getForPromString() {
    const values: {
      metricName: string;
      labels: Partial<Record<Label | 'le', string | number>>;
      /** Always empty; prom-client's JSON export merges it into labels. */
      sharedLabels: Record<string, never>;
      value: number;
    }[] = [];
    const sharedLabels = {};
    for (const r of this.routes.values()) {
      for (const s of r.all()) {
        const labels = { method: s.method, route: r.route, status_code: s.status };
        let cumulative = 0;
        for (let i = 0; i <= DURATION_BUCKETS.length; i++) {
          cumulative += s.counts[i]!;
          const le = i < DURATION_BUCKETS.length ? DURATION_BUCKETS[i]! : '+Inf';
          values.push({
            metricName: `${NAME}_bucket`,
            labels: { le, ...labels },
            sharedLabels,
            value: cumulative,
          });
        }
        values.push({ metricName: `${NAME}_sum`, labels, sharedLabels, value: s.sum });
        values.push({ metricName: `${NAME}_count`, labels, sharedLabels, value: s.count });
      }
    }
    return { name: NAME, help: HELP, type: 'histogram', values, aggregator: 'sum' };
  }
}
