import type { API_BASE as ContractApiBase, Problem } from '@quittance/api-contract';

/** Same value as the contract's API_BASE; typed against it so that a change there fails to compile here. */
export const API_BASE: typeof ContractApiBase = '/api/v1';

/** A failed call: the server's RFC 9457 problem, or a network failure (problem is null). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    /** Seconds to wait before trying again (HTTP 429's Retry-After), when the server said so. */
    readonly retryAfter: number | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string';
}

// The session's CSRF token (from /auth/me, login or the MFA step): sent back on every change.
// Null when the app runs with an API key (no cookie, so nothing to protect).
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// What the app does when the server says "sign in first" (401): set by the auth provider.
let onUnauthenticated: (() => void) | null = null;

export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** Calls that answer 401 as part of their job (a wrong password, the session check itself). */
const NO_REDIRECT_ON_401 = [
  '/auth/login',
  '/auth/mfa/verify',
  '/auth/me',
  '/auth/password/',
  '/auth/mfa/disable',
];

/** What goes in a request: nothing, a JSON document, a file's raw bytes, or a text file (e.g. DMN XML). */
type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'bytes'; value: ArrayBuffer }
  | { kind: 'text'; value: string; contentType: string };

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: Body,
  signal?: AbortSignal,
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body.kind === 'json') headers['Content-Type'] = 'application/json';
  if (body.kind === 'bytes') headers['Content-Type'] = 'application/octet-stream';
  if (body.kind === 'text') headers['Content-Type'] = body.contentType;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'none' ? undefined : body.value,
      signal: signal ?? null,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !NO_REDIRECT_ON_401.some((prefix) => path.startsWith(prefix))) {
      onUnauthenticated?.();
    }
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ApiError(
      response.status,
      isProblem(parsed) ? parsed : null,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return parsed as T;
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, { kind: 'none' }, signal);
}

export function apiPost<T>(path: string, body: unknown): Promise<T> {
  return request<T>('POST', path, { kind: 'json', value: body });
}

export function apiPut<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PUT', path, { kind: 'json', value: body });
}

export function apiPatch<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', path, { kind: 'json', value: body });
}

/** POSTs a text file as it is, e.g. a DMN decision table (`application/xml`). */
export function apiPostText<T>(path: string, text: string, contentType: string): Promise<T> {
  return request<T>('POST', path, { kind: 'text', value: text, contentType });
}

/** POSTs a file's bytes as they are (`application/octet-stream`), e.g. a bank statement. */
export function apiPostBytes<T>(path: string, bytes: ArrayBuffer): Promise<T> {
  return request<T>('POST', path, { kind: 'bytes', value: bytes });
}
