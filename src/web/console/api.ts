/** The console's REST calls, with the agent's token; a 401 means the session is over (`onExpired`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export class Api {
  token: string | null = sessionStorage.getItem(TOKEN_KEY);

  constructor(private readonly onExpired: () => void) {}

  setToken(token: string | null): void {
    this.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  /** A multipart upload (a photo); the browser sets the boundary, so no content-type here. */
  async upload<T>(path: string, file: File): Promise<T> {
    const body = new FormData();
    body.append('file', file, file.name);
    const response = await fetch(path, { method: 'POST', headers: this.token ? { authorization: `Bearer ${this.token}` } : {}, body });
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string; code?: string } };
    if (response.status === 401 && this.token) this.onExpired();
    if (!response.ok) throw new ApiError(response.status, payload.error?.message ?? response.statusText, payload.error?.code);
    return payload as T;
  }

  /** An attachment as an object URL: images need the Bearer header, which an <img src> cannot send. */
  async blobUrl(url: string): Promise<string> {
    const response = await fetch(url, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (!response.ok) throw new ApiError(response.status, response.statusText);
    return URL.createObjectURL(await response.blob());
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const payload = (await response.json().catch(() => ({}))) as { error?: { message?: string; code?: string } };
    if (response.status === 401 && this.token && !path.endsWith('/auth/login')) this.onExpired();
    if (!response.ok) throw new ApiError(response.status, payload.error?.message ?? response.statusText, payload.error?.code);
    return payload as T;
  }
}

const TOKEN_KEY = 'kefu.console.token';
