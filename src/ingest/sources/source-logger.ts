/** The slice of a pino logger a source uses (Fastify's `app.log` fits). */
export interface SourceLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Discards everything (tests, benches). */
export const SILENT_SOURCE_LOGGER: SourceLogger = Object.freeze({
  info() {},
  warn() {},
  error() {},
});
