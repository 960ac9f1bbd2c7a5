/**
 * Structured JSON logs (one line per event) for CloudWatch. Never log request bodies, rows or
 * Redis values: they are the subject's personal data. Subject ids are logged only as requestId
 * correlations, not in free text.
 */
import type { LogLevel } from "./env";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: LogLevel = (process.env.LOG_LEVEL as LogLevel | undefined) ?? "info";

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function log(level: LogLevel, message: string, fields: Readonly<Record<string, unknown>>): void {
  if ((ORDER[level] ?? 20) < (ORDER[threshold] ?? 20)) return;
  const line = JSON.stringify({ level, message, component: "data-subject-requests", ...fields });
  if (level === "error" || level === "warn") console.error(line);
  else console.log(line);
}
