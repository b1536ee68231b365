import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

type Bindings = Record<string, unknown>;

/** pino's logger as Fastify hands it over: it can say whether a level is written. */
type LevelAware = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify gives every request a child logger carrying its request_id, and pino makes one by
 * serializing the bindings: a cost paid on every request, though at the default level (warn) a
 * request that succeeds writes nothing. This factory defers it: the child is made, with the same
 * bindings, the first time a line is written at a level the logger has enabled, so every line
 * still names its request. Route-level log options (none in Weft today) get a child at once.
 */
export const deferredChildLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => {
  const aware = logger as Partial<LevelAware>;
  if (typeof aware.isLevelEnabled !== 'function' || Object.keys(options).length > 0)
    return logger.child(bindings, options);
  return new DeferredChild(logger as LevelAware, bindings);
};

/** A request's logger until it first writes; then the pino child it stands for. */
class DeferredChild implements FastifyBaseLogger {
  private made: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: LevelAware,
    private readonly bindings: Bindings,
  ) {}

  get level(): string {
    return this.made?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.real().level = level;
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.real().child(bindings, options);
  }

  private write(level: Level, args: unknown[]): void {
    // Once made, the child decides (its level may have been changed through this logger).
    if (this.made || this.parent.isLevelEnabled(level)) Reflect.apply(this.real()[level], this.made, args);
  }

  private real(): FastifyBaseLogger {
    this.made ??= this.parent.child(this.bindings);
    return this.made;
  }
}
