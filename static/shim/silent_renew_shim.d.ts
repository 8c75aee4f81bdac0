/* tslint:disable */
/* eslint-disable */

/**
 * One installed shim. The loader makes one per page; tests make one per scenario.
 */
export class Shim {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * The loader's common path, after a `401`: the answer the page gets for the request it sent
     * as `fetch(input, init)` at `sent_at` — the replay after a renewal if the 401 is one renewal
     * cures, else `response` itself.
     */
    answer(input: any, init: any, response: any, sent_at: number): Promise<any>;
    /**
     * What the patched `window.fetch` does with `fetch(input, init)`.
     */
    fetch(input: any, init: any): Promise<any>;
    /**
     * `original_fetch` is the fetch every request finally goes through (the browser's own, or a
     * fake one in tests). `options`: `{renewUrl, loginUrl, include, exclude, retryBoundMs,
     * onExpired}`, all optional.
     */
    constructor(original_fetch: Function, options: any);
    /**
     * Renews now, or joins the renewal under way: resolves to `"renewed"`, `"expired"` or
     * `"failed"`.
     */
    renew(): Promise<any>;
    /**
     * The loader's common path, which stays in JavaScript: before it sends a request that has
     * no body or a string body, it asks which renewal the request goes out under; `undefined`
     * means a renewal is running and the request must go through [`Shim::fetch`] to be held.
     */
    sentAt(): number | undefined;
}

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly $4a: (a: number, b: number) => void;
    readonly shim_answer: (a: number, b: any, c: any, d: any, e: number) => any;
    readonly shim_fetch: (a: number, b: any, c: any) => any;
    readonly shim_new: (a: any, b: any) => [number, number, number];
    readonly shim_renew: (a: number) => any;
    readonly shim_sentAt: (a: number) => [number, number];
    readonly $4d: (a: number, b: number, c: any, d: any) => void;
    readonly $4e: (a: number, b: number, c: any) => [number, number];
    readonly $4f: (a: number, b: number, c: any) => any;
    readonly $50: (a: number, b: number) => void;
    readonly $51: (a: number, b: number) => number;
    readonly $52: (a: number, b: number, c: number, d: number) => number;
    readonly $53: (a: number, b: number, c: number) => void;
    readonly $54: (a: number) => void;
    readonly $55: () => number;
    readonly $56: WebAssembly.Table;
    readonly $57: (a: number, b: number) => void;
    readonly $58: (a: number) => void;
    readonly $59: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
