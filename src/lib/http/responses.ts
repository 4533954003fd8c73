import { NextResponse } from 'next/server';

// Billing answers are per user and short-lived: never let a cache keep one.
const NO_STORE = { 'Cache-Control': 'no-store' };

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { ...headers, ...NO_STORE } });
}

export function errorResponse(status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  return jsonResponse({ error: message }, status, headers);
}

/** 303 See Other: the browser follows with a GET, whatever the original method. */
export function redirectResponse(url: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { ...NO_STORE, Location: url } });
}
