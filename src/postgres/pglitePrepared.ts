/** Runs one statement without parameters on PGlite (the instance, or a transaction). @internal */
export type PGliteExec<TResult> = (text: string) => Promise<TResult>;

let instances = 0;

/**
 * PGlite's `query` parses and plans its statement on every call, and its API has no way to bind
 * the parameters of a prepared statement. For a hot statement (`prepare: true`), this PREPAREs the
 * text once per PGlite instance and runs it with `EXECUTE name(…)`, the values written as escaped
 * string literals that PostgreSQL casts to the parameters' types. Returns `undefined` when a value
 * cannot be written that way (the caller then binds it as usual). @internal
 */
export function pglitePreparer<TResult>(): (
  exec: PGliteExec<TResult>,
  text: string,
  params: readonly unknown[],
) => Promise<TResult> | undefined {
  const prefix = `tactical_ddd_${++instances}_`;
  // Statement text → its name, once PREPARE succeeded (a promise, so that two first uses at once
  // prepare it once). Prepared statements belong to the session: a rollback does not drop them.
  const names = new Map<string, Promise<string>>();
  return (exec, text, params) => {
    const args = literals(params);
    if (args === undefined) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      const next = `${prefix}${names.size + 1}`;
      name = exec(`PREPARE ${next} AS ${text}`).then(() => next);
      names.set(text, name);
      name.catch(() => names.delete(text));
    }
    return name.then((prepared) => exec(args.length === 0 ? `EXECUTE ${prepared}` : `EXECUTE ${prepared}(${args})`));
  };
}

/**
 * The values as SQL string literals, or `undefined` if one is not a string, a number, a bigint, a
 * boolean, null, or an array of those (written as an array literal). Each is written as `E'…'`
 * with backslashes and quotes doubled, which reads the same whatever `standard_conforming_strings`
 * is; a string holding U+0000 (which no PostgreSQL text can hold) is left to the bound path, which
 * reports it.
 */
function literals(params: readonly unknown[]): string | undefined {
  const out: string[] = [];
  for (const value of params) {
    if (value === null || value === undefined) {
      out.push('NULL');
      continue;
    }
    const text = Array.isArray(value) ? arrayText(value) : scalarText(value);
    if (text === undefined) return undefined;
    out.push(`E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`);
  }
  return out.join(', ');
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
