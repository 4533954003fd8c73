// Server-side logging of failures: the cause's name and message only — never request headers,
// tokens or response bodies, which is where secrets would hide.
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const status = 'statusCode' in error ? ` (HTTP ${String(error.statusCode)})` : '';
    const cause = error.cause ? `; cause: ${describeError(error.cause)}` : '';
    return `${error.name}: ${error.message.slice(0, 300)}${status}${cause}`;
  }
  return String(error).slice(0, 300);
}

export function logError(context: string, error: unknown): void {
  console.error(`[${context}] ${describeError(error)}`);
}
