/** Runs one statement without parameters on PGlite (the instance, or a transaction). @internal */
export type PGliteExec<TResult> = (text: string) => Promise<TResult>;

let instances = 0;

/**
 * What a PGlite instance (0.5 and 0.6) offers beyond `query` that lets this bind the values of a
 * prepared statement itself: its wire-protocol entry point, its two locks (`query` takes both when
 * outside a transaction, only the first inside one) and its parsers of column types. @internal
 */
export interface PGliteProtocolLike {
  execProtocol(
    message: Uint8Array,
    options?: { syncToFs?: boolean },
  ): Promise<{ readonly messages: readonly object[] }>;
  runExclusive<T>(work: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(work: () => Promise<T>): Promise<T>;
  readonly parsers: Readonly<Record<number, ((text: string, typeId: number) => unknown) | undefined>>;
  readonly closed?: boolean;
}

/** `db` as a {@link PGliteProtocolLike}, or `undefined` when it lacks one of those members (a wrapper). @internal */
export function pgliteProtocolOf(db: object): PGliteProtocolLike | undefined {
  const candidate = db as Partial<PGliteProtocolLike>;
  return typeof candidate.execProtocol === 'function' &&
    typeof candidate.runExclusive === 'function' &&
    typeof candidate._runExclusiveTransaction === 'function' &&
    typeof candidate.parsers === 'object' &&
    candidate.parsers !== null
    ? (candidate as PGliteProtocolLike)
    : undefined;
}

/** What a statement run through the protocol returns, shaped as PGlite's `query` results. @internal */
export interface PGliteRows {
  readonly rows: Record<string, unknown>[];
  readonly affectedRows?: number;
}

/**
 * PGlite's `query` parses and plans its statement on every call (and talks to the database five
 * times to do it), and its API has no way to bind the parameters of a prepared statement. For a
 * hot statement (`prepare: true`), this PREPAREs the text once per PGlite instance, then:
 * - on a PGlite instance (`protocol` given), binds the values and executes the statement in one
 *   wire-protocol message (Bind, Describe, Execute, Sync) under the same locks `query` takes;
 * - on anything else that looks like one, runs it with `EXECUTE name(…)`, the values written as
 *   escaped string literals that PostgreSQL casts to the parameters' types.
 *
 * Values go as text either way. Returns `undefined` when a value has no text form here (the caller
 * then binds it as usual). @internal
 */
export function pglitePreparer<TResult>(
  protocol: PGliteProtocolLike | undefined,
): (
  exec: PGliteExec<TResult>,
  text: string,
  params: readonly unknown[],
  inTransaction: boolean,
) => Promise<TResult | PGliteRows> | undefined {
  const prefix = `tactical_ddd_${++instances}_`;
  // Statement text → its name, once PREPARE succeeded (a promise, so that two first uses at once
  // prepare it once). Prepared statements belong to the session: a rollback does not drop them.
  const names = new Map<string, Promise<string>>();
  return (exec, text, params, inTransaction) => {
    const values = texts(params);
    if (values === undefined) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      const next = `${prefix}${names.size + 1}`;
      name = exec(`PREPARE ${next} AS ${text}`).then(() => next);
      names.set(text, name);
      name.catch(() => names.delete(text));
    }
    // Without the protocol (or on a closed instance, which `query` reports as such): `EXECUTE`.
    if (protocol === undefined || protocol.closed === true) {
      const args = values.map((value) => (value === null ? 'NULL' : `E'${escapeLiteral(value)}'`)).join(', ');
      return name.then((prepared) => exec(args.length === 0 ? `EXECUTE ${prepared}` : `EXECUTE ${prepared}(${args})`));
    }
    return name.then((prepared) => bound(protocol, prepared, values, inTransaction));
  };
}

/** Binds and executes a prepared statement in one protocol message, as `query` would run it. */
async function bound(
  protocol: PGliteProtocolLike,
  name: string,
  values: readonly (string | null)[],
  inTransaction: boolean,
): Promise<PGliteRows> {
  const message = executeMessage(name, values);
  // Inside a transaction its client holds the transaction lock already; outside, wait for any
  // open transaction to end (as `query` does). Outside, the data directory is synced after it.
  const send = () => protocol.runExclusive(() => protocol.execProtocol(message, { syncToFs: !inTransaction }));
  const { messages } = await (inTransaction ? send() : protocol._runExclusiveTransaction(send));
  return rowsOf(messages, protocol.parsers);
}

const encoder = /*@__PURE__*/ new TextEncoder();

/** Bind (text values, text results), Describe the portal, Execute it, Sync: one message. */
function executeMessage(name: string, values: readonly (string | null)[]): Uint8Array {
  const statement = encoder.encode(name);
  const encoded = values.map((value) => (value === null ? null : encoder.encode(value)));
  let bindLength = 4 + 1 + statement.length + 1 + 2 + 2 + 2;
  for (const value of encoded) bindLength += 4 + (value === null ? 0 : value.length);
  const message = new Uint8Array(1 + bindLength + 7 + 10 + 5);
  const view = new DataView(message.buffer);
  let at = 0;
  message[at++] = 0x42; // 'B'
  view.setInt32(at, bindLength);
  at += 4 + 1; // the unnamed portal: one NUL
  message.set(statement, at);
  at += statement.length + 1;
  at += 2; // no parameter format codes: all text
  view.setInt16(at, encoded.length);
  at += 2;
  for (const value of encoded) {
    view.setInt32(at, value === null ? -1 : value.length);
    at += 4;
    if (value !== null) {
      message.set(value, at);
      at += value.length;
    }
  }
  at += 2; // no result format codes: all text
  message[at] = 0x44; // 'D': describe the unnamed portal
  view.setInt32(at + 1, 6);
  message[at + 5] = 0x50; // 'P'
  at += 7;
  message[at] = 0x45; // 'E': execute the unnamed portal, all rows
  view.setInt32(at + 1, 9);
  at += 10;
  message[at] = 0x53; // 'S'
  view.setInt32(at + 1, 4);
  return message;
}

interface FieldLike {
  readonly name: string;
  readonly dataTypeID: number;
}

/** The rows (each column parsed by the instance's parser of its type) and the affected count. */
function rowsOf(messages: readonly object[], parsers: PGliteProtocolLike['parsers']): PGliteRows {
  let fields: readonly FieldLike[] = [];
  const rows: Record<string, unknown>[] = [];
  let affectedRows: number | undefined;
  for (const message of messages) {
    const { name } = message as { name: string };
    if (name === 'rowDescription') fields = (message as { fields: readonly FieldLike[] }).fields;
    else if (name === 'dataRow') {
      const values = (message as { fields: readonly (string | null)[] }).fields;
      const row: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) {
        const { name: column, dataTypeID } = fields[i] as FieldLike;
        const value = values[i] ?? null;
        const parse = parsers[dataTypeID];
        row[column] = value === null || parse === undefined ? value : parse(value, dataTypeID);
      }
      rows.push(row);
    } else if (name === 'commandComplete') {
      // "INSERT 0 3", "UPDATE 2", "SELECT 5": the count is the last word.
      const count = Number((message as { text: string }).text.split(' ').at(-1));
      if (Number.isSafeInteger(count)) affectedRows = count;
    }
  }
  return affectedRows === undefined ? { rows } : { rows, affectedRows };
}

/** A text as the body of an `E'…'` literal: backslashes and quotes doubled. */
const escapeLiteral = (text: string): string => text.replaceAll('\\', '\\\\').replaceAll("'", "''");

/**
 * The values' text forms (`null` for SQL NULL), or `undefined` if one is not a string, a number, a
 * bigint, a boolean, null, or an array of those (written as an array literal). A string holding
 * U+0000 (which no PostgreSQL text can hold) is left to the bound path, which reports it.
 */
function texts(params: readonly unknown[]): (string | null)[] | undefined {
  const out: (string | null)[] = [];
  for (const value of params) {
    if (value === null || value === undefined) {
      out.push(null);
      continue;
    }
    const text = Array.isArray(value) ? arrayText(value) : scalarText(value);
    if (text === undefined) return undefined;
    out.push(text);
  }
  return out;
}

/** A scalar's text, or `undefined` for anything else (or a string holding U+0000). */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? undefined : value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A one-dimensional array's text form (`{"a","b\\"c",NULL}`), or `undefined`. */
function arrayText(values: readonly unknown[]): string | undefined {
  const items: string[] = [];
  for (const value of values) {
    if (value === null || value === undefined) {
      items.push('NULL');
      continue;
    }
    const text = scalarText(value);
    if (text === undefined) return undefined;
    items.push(`"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`);
  }
  return `{${items.join(',')}}`;
}
