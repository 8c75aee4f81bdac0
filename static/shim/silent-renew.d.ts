// TypeScript declarations for the silent-renew fetch shim (static/shim/silent-renew.js).

/** Options of `install()`; the same names, in kebab case, as `data-*` attributes of the tag. */
export interface SilentRenewOptions {
  /** The renew endpoint, `POST`ed once per renewal. Default `/auth/renew`. */
  renewUrl?: string;
  /** Where the default expired action goes, with `?next=<current path and query>`. Default `/login`. */
  loginUrl?: string;
  /** URL prefixes covered instead of "same origin" (relative ones resolve against the page). */
  include?: string | string[];
  /** URL prefixes never covered. */
  exclude?: string | string[];
  /** Longest a renewal may take, retries included, in milliseconds. Default 15000. */
  retryBoundMs?: number | string;
  /**
   * What happens when the session is over and no listener cancelled `silent-renew:expired`:
   * `"login"` (default) goes to `loginUrl`, `"none"` (or `false`, `null`) does nothing, a
   * function is called with the event's detail.
   */
  onExpired?: 'login' | 'none' | false | null | ((detail: SilentRenewExpiredDetail) => void);
  /** Where the `.wasm` is, when not next to the loader (bundlers). */
  wasmUrl?: string | URL;
}

export interface SilentRenewReadyDetail {
  version: string;
  options: SilentRenewOptions;
}

export interface SilentRenewStartDetail {
  /** 401s waiting for this renewal, to be replayed. */
  waiting: number;
  /** Requests held back until it ends. */
  held: number;
}

interface SilentRenewEndDetail {
  /** The renew endpoint's last status; 0 when none came (network error, offline, another tab). */
  status: number;
  /** Renew requests this tab sent. */
  attempts: number;
  /** Requests replayed after the renewal. */
  replayed: number;
  /** Held requests sent after it. */
  released: number;
  /** How long the renewal took. */
  ms: number;
}

export interface SilentRenewSuccessDetail extends SilentRenewEndDetail {
  /** Another tab renewed; this one sent nothing. */
  byOtherTab: boolean;
  /** `access_expires_at` of the renew answer (Unix seconds), when there was one. */
  accessExpiresAt?: number;
}

export interface SilentRenewExpiredDetail extends SilentRenewEndDetail {
  /** `error` of the renew endpoint's 401, e.g. `invalid_refresh_token`. */
  error?: string;
  loginUrl: string;
}

export interface SilentRenewFailedDetail extends SilentRenewEndDetail {
  reason: 'network' | 'status' | 'offline' | 'timeout';
}

export type SilentRenewResult = 'renewed' | 'expired' | 'failed';

export interface SilentRenew {
  version: string;
  /** Resolves once fetch is patched and the WebAssembly core is running. */
  ready: Promise<SilentRenewReadyDetail>;
  /** Renews now (or joins the renewal under way). */
  renew(): Promise<SilentRenewResult>;
  install: typeof install;
}

/** Patches `window.fetch` once; later calls return the first installation's `ready`. */
export function install(options?: SilentRenewOptions): Promise<SilentRenewReadyDetail>;

declare global {
  interface Window {
    silentRenew?: SilentRenew;
  }
  interface WindowEventMap {
    'silent-renew:ready': CustomEvent<SilentRenewReadyDetail>;
    'silent-renew:start': CustomEvent<SilentRenewStartDetail>;
    'silent-renew:success': CustomEvent<SilentRenewSuccessDetail>;
    'silent-renew:expired': CustomEvent<SilentRenewExpiredDetail>;
    'silent-renew:failed': CustomEvent<SilentRenewFailedDetail>;
  }
}
