// tdjson: TDLib's JSON interface for Node, over libtdjson (this project's, or TDLib's own).
//
// The native addon (tdjson.node, src/lib.rs) loads libtdjson at run time and runs the one
// receive thread of the process; this file is the API: execute(), Client (invoke() promises,
// updates as an async iterator and as events), TdError. Requests and answers are plain objects
// in TDLib's JSON shape ('@type', snake_case fields, int64 as strings).
'use strict';
const fs = require('fs');
const path = require('path');
const { EventEmitter } = require('events');

const LIBRARY_NAME = { darwin: 'libtdjson.dylib', win32: 'tdjson.dll' }[process.platform] || 'libtdjson.so';

/** An answer of type "error" from TDLib: `code` and `message` as TDLib gave them. */
class TdError extends Error {
  constructor(code, message, request) {
    super(message);
    this.name = 'TdError';
    this.code = code;
    // The '@type' of the request that failed, when known.
    if (request !== undefined) this.request = request;
  }
}

let addon = null;
let loaded = false;
let libraryOption;
// TDLib logs to stderr; errors only unless configure() says otherwise.
let verbosity = 1;

function native() {
  if (loaded) return addon;
  if (addon === null) {
    const file = path.join(__dirname, 'tdjson.node');
    if (!fs.existsSync(file)) throw new Error(`tdjson: ${file} is not built (run bindings/node/build.sh)`);
    addon = require(file);
  }
  if (addon.loadedLibrary() === null) {
    addon.load(resolveLibrary());
    setVerbosity();
  }
  loaded = true;
  return addon;
}

// Where libtdjson comes from, first match wins: configure({ library }), TDJSON_LIBRARY, a
// libtdjson next to this package, then the loader's own search (LD_LIBRARY_PATH and so on).
function resolveLibrary() {
  if (libraryOption) return path.resolve(libraryOption);
  if (process.env.TDJSON_LIBRARY) return path.resolve(process.env.TDJSON_LIBRARY);
  const beside = path.join(__dirname, LIBRARY_NAME);
  if (fs.existsSync(beside)) return beside;
  return LIBRARY_NAME;
}

function setVerbosity() {
  const answer = JSON.parse(addon.execute(JSON.stringify({ '@type': 'setLogVerbosityLevel', new_verbosity_level: verbosity })));
  if (answer['@type'] === 'error') throw new TdError(answer.code, answer.message, 'setLogVerbosityLevel');
}

/**
 * Process-wide settings. `library`: the libtdjson to load (before its first use).
 * `verbosityLevel`: TDLib's log verbosity (setLogVerbosityLevel; 1, errors only, by default).
 */
function configure(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('configure() takes an object');
  if (options.library !== undefined) {
    if (typeof options.library !== 'string' || options.library === '') throw new TypeError('library must be a path');
    const current = addon && addon.loadedLibrary();
    if (current && current !== path.resolve(options.library)) {
      throw new Error(`tdjson: libtdjson is already loaded from ${current}`);
    }
    libraryOption = options.library;
  }
  if (options.verbosityLevel !== undefined) {
    if (!Number.isInteger(options.verbosityLevel)) throw new TypeError('verbosityLevel must be an integer');
    verbosity = options.verbosityLevel;
    if (addon && addon.loadedLibrary()) setVerbosity();
  }
}

// A request object as JSON text, with `extra` (a number) as its '@extra' when given.
function serialize(request, extra) {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    throw new TypeError(`a request is an object with '@type', not ${request === null ? 'null' : Array.isArray(request) ? 'an array' : typeof request}`);
  }
  const type = request['@type'];
  if (typeof type !== 'string' && typeof type !== 'number') {
    throw new TypeError("a request needs '@type' (the name of a td_api function)");
  }
  let text = JSON.stringify(request);
  if (typeof text !== 'string' || text[0] !== '{') throw new TypeError('the request does not serialize to a JSON object');
  if (extra !== undefined) text = `${text.slice(0, -1)}${text.length > 2 ? ',' : ''}"@extra":${extra}}`;
  return text;
}

/**
 * A synchronous request (td_execute): the answer object. An answer of type "error" throws
 * TdError; a request that is not an object throws TypeError.
 */
function execute(request) {
  const answer = native().execute(serialize(request));
  if (answer === null) throw new TdError(500, 'td_execute returned no answer', request['@type']);
  const result = JSON.parse(answer);
  if (result['@type'] === 'error') throw new TdError(result.code, result.message, request['@type']);
  return result;
}

// Every client of this process by id, and every request awaiting its answer by '@extra'.
const clients = new Map();
const pending = new Map();
let nextExtra = 1;
let receiving = false;

// Called by the receive thread (through a threadsafe function) with JSON strings, in order.
function onBatch(batch) {
  for (let i = 0; i < batch.length; i++) {
    let event;
    try {
      event = JSON.parse(batch[i]);
    } catch {
      continue;
    }
    const client = clients.get(event['@client_id']);
    const extra = event['@extra'];
    delete event['@client_id'];
    if (extra !== undefined) {
      const request = pending.get(extra);
      if (request !== undefined) {
        pending.delete(extra);
        delete event['@extra'];
        if (request.hasExtra) event['@extra'] = request.extra;
        if (event['@type'] === 'error') request.reject(new TdError(event.code, event.message, request.type));
        else request.resolve(event);
        continue;
      }
    }
    if (client !== undefined) client._update(event);
  }
}

// An exception from a listener must not stop delivery to the others: it is thrown again on
// its own, as Node does for errors nobody catches.
function rethrowLater(error) {
  process.nextTick(() => { throw error; });
}

/**
 * One TDLib instance. Answers come back as promises (`invoke`), updates as events
 * (`'update'`, and each update's own '@type') and as async iterators (`updates()`).
 * It keeps the process alive until it is closed (authorizationStateClosed).
 */
class Client extends EventEmitter {
  constructor() {
    super();
    const td = native();
    if (!receiving) {
      td.startReceiver(onBatch);
      receiving = true;
    }
    this.id = td.createClientId();
    this._closed = false;
    this._closing = null;
    this._iterators = new Set();
    clients.set(this.id, this);
    td.hold();
    // TDLib starts an instance on its first request; this one starts the authorization updates.
    this.invoke({ '@type': 'getOption', name: 'version' }).catch(() => {});
  }

  /** Whether authorizationStateClosed has arrived. */
  get closed() {
    return this._closed;
  }

  /**
   * Sends a request; the promise settles with its answer. An answer of type "error" rejects
   * with TdError; a malformed request or a closed client rejects with TypeError or Error.
   */
  invoke(request) {
    if (this._closed) return Promise.reject(new Error(`tdjson: client ${this.id} is closed`));
    const extra = nextExtra++;
    let text;
    let entry;
    try {
      let body = request;
      entry = { resolve: null, reject: null, type: undefined, hasExtra: false, extra: undefined, client: this };
      if (request !== null && typeof request === 'object' && Object.prototype.hasOwnProperty.call(request, '@extra')) {
        const { '@extra': own, ...rest } = request;
        entry.hasExtra = true;
        entry.extra = own;
        body = rest;
      }
      text = serialize(body, extra);
      entry.type = request['@type'];
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = new Promise((resolve, reject) => {
      entry.resolve = resolve;
      entry.reject = reject;
    });
    pending.set(extra, entry);
    try {
      addon.send(this.id, text);
    } catch (error) {
      pending.delete(extra);
      entry.reject(error);
    }
    return promise;
  }

  /** Asks TDLib to close the instance; resolves once authorizationStateClosed has arrived. */
  close() {
    if (this._closed) return Promise.resolve();
    if (this._closing === null) {
      this._closing = new Promise((resolve) => this.once('close', resolve));
      this.invoke({ '@type': 'close' }).catch(() => {});
    }
    return this._closing;
  }

  /**
   * The updates from now on, as an async iterator; it ends after authorizationStateClosed.
   * Updates wait in the iterator until read; leaving a `for await` loop detaches it.
   */
  updates() {
    const queue = [];
    let head = 0;
    const waiting = [];
    let done = this._closed;
    const sink = {
      push(update) {
        if (waiting.length > 0) waiting.shift()({ value: update, done: false });
        else queue.push(update);
      },
      end() {
        done = true;
        while (waiting.length > 0) waiting.shift()({ value: undefined, done: true });
      },
    };
    if (!done) this._iterators.add(sink);
    const iterators = this._iterators;
    return {
      next() {
        if (head < queue.length) {
          const value = queue[head];
          queue[head++] = undefined;
          if (head === queue.length) {
            queue.length = 0;
            head = 0;
          }
          return Promise.resolve({ value, done: false });
        }
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return() {
        iterators.delete(sink);
        queue.length = 0;
        head = 0;
        sink.end();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  [Symbol.asyncIterator]() {
    return this.updates();
  }

  _update(update) {
    const type = update['@type'];
    const closed = type === 'updateAuthorizationState'
      && update.authorization_state !== undefined
      && update.authorization_state['@type'] === 'authorizationStateClosed';
    for (const sink of this._iterators) sink.push(update);
    try {
      this.emit('update', update);
    } catch (error) {
      rethrowLater(error);
    }
    try {
      this.emit(type, update);
    } catch (error) {
      rethrowLater(error);
    }
    if (closed) this._finish();
  }

  // After authorizationStateClosed: TDLib has destroyed the instance and answered everything.
  _finish() {
    this._closed = true;
    clients.delete(this.id);
    for (const [extra, request] of pending) {
      if (request.client === this) {
        pending.delete(extra);
        request.reject(new Error(`tdjson: client ${this.id} closed before answering`));
      }
    }
    for (const sink of this._iterators) sink.end();
    this._iterators.clear();
    addon.release();
    try {
      this.emit('close');
    } catch (error) {
      rethrowLater(error);
    }
  }
}

module.exports = { Client, TdError, execute, configure };
// The addon's C-level calls (JSON text in and out), for benchmarks and tools; td_receive is
// refused while clients are open. Loads the addon and libtdjson on first use.
Object.defineProperty(module.exports, 'raw', { enumerable: false, get: native });
