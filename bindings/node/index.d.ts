// Declarations of the `tdjson` package. The TDLib objects and requests themselves are in
// td_api.d.ts, generated from schema/td_api.tl by scripts/generate-types.js (build.sh).
import { EventEmitter } from 'events';
import * as td from './td_api';

export { td };

/** An answer of type "error": TDLib's code and message. */
export class TdError extends Error {
  readonly name: 'TdError';
  readonly code: number;
  /** The '@type' of the request that failed. */
  readonly request?: string;
  constructor(code: number, message: string, request?: string);
}

export interface Configuration {
  /** The libtdjson to load; otherwise TDJSON_LIBRARY, one next to this package, or the loader's path. */
  library?: string;
  /** TDLib's log verbosity (setLogVerbosityLevel). */
  verbosityLevel?: number;
}

/** Process-wide settings; `library` only before libtdjson is first used. */
export function configure(options: Configuration): void;

/** A synchronous request (td_execute). Throws TdError for an error answer. */
export function execute<K extends keyof td.Requests>(request: { '@type': K } & td.Requests[K]): td.Results[K];

export interface UpdateIterator extends AsyncIterableIterator<td.Update> {
  return(): Promise<IteratorResult<td.Update, undefined>>;
}

/** One TDLib instance; keeps the process alive until it is closed. */
export class Client extends EventEmitter {
  constructor();
  /** The td_create_client_id of this instance. */
  readonly id: number;
  /** True once authorizationStateClosed has arrived. */
  readonly closed: boolean;
  /** Sends a request; resolves with its answer, rejects with TdError for an error answer. */
  invoke<K extends keyof td.Requests>(request: { '@type': K } & td.Requests[K]): Promise<td.Results[K]>;
  /** Closes the instance; resolves once authorizationStateClosed has arrived. */
  close(): Promise<void>;
  /** Updates from now on; ends after authorizationStateClosed. */
  updates(): UpdateIterator;
  [Symbol.asyncIterator](): UpdateIterator;
}

export interface Client {
  on(event: 'update', listener: (update: td.Update) => void): this;
  on<K extends td.Update['@type']>(event: K, listener: (update: td.UpdateOf<K>) => void): this;
  on(event: 'close', listener: () => void): this;
  once(event: 'update', listener: (update: td.Update) => void): this;
  once<K extends td.Update['@type']>(event: K, listener: (update: td.UpdateOf<K>) => void): this;
  once(event: 'close', listener: () => void): this;
  off(event: 'update', listener: (update: td.Update) => void): this;
  off<K extends td.Update['@type']>(event: K, listener: (update: td.UpdateOf<K>) => void): this;
  off(event: 'close', listener: () => void): this;
}

/** The C-level calls, JSON text in and out (benchmarks, tools). */
export interface Raw {
  load(path: string): string;
  loadedLibrary(): string | null;
  execute(request: string): string | null;
  createClientId(): number;
  send(clientId: number, request: string): void;
  /** td_receive; refused while Client instances are open (the receive thread owns it then). */
  receive(timeout: number): string | null;
}
export const raw: Raw;
