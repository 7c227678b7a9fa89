/** Shipper protocols served over HTTP on the server's port (see src/api/routes/). */
export const HTTP_PROTOCOLS = ['loki', 'elastic', 'otlp', 'splunk'] as const;
export type HttpProtocol = (typeof HTTP_PROTOCOLS)[number];

export function isHttpProtocol(value: string): value is HttpProtocol {
  return (HTTP_PROTOCOLS as readonly string[]).includes(value);
}
