import { pino, type Logger } from "pino";

export type { Logger } from "pino";

/**
 * JSON logs with ids and timings only. Message text and card payloads are never passed to the
 * logger; the redaction list is a second line of defence for fields that might carry them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "threshold-assistant" },
      redact: {
        paths: ["text", "*.text", "activity", "*.activity", "value", "*.value", "body", "*.body", "label", "*.label", "req.headers.authorization"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
