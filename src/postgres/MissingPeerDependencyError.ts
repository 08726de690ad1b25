import { DomainError } from '../core/DomainError.js';

/**
 * Thrown when an adapter of `tactical-ddd/postgres` needs an optional peer dependency (`pg` or
 * `@electric-sql/pglite`) that is not installed. Importing `tactical-ddd/postgres` never needs
 * them; only the adapter that uses one does.
 *
 * @example
 * ```ts
 * try {
 *   await connectPg(process.env.DATABASE_URL ?? '');
 * } catch (error) {
 *   if (error instanceof MissingPeerDependencyError) console.error(error.message); // says `npm install pg`
 * }
 * ```
 */
export class MissingPeerDependencyError extends DomainError {
  declare readonly name: 'MissingPeerDependencyError';
  declare readonly code: 'postgres.missing_peer_dependency';
  /** The package to install, such as `'pg'`. */
  declare readonly packageName: string;
  /** What needed it, such as `'connectPg'`. */
  declare readonly feature: string;

  /**
   * @param packageName - The package to install.
   * @param feature - What needed it.
   * @param options - `cause`: the module loader's error.
   */
  constructor(packageName: string, feature: string, options?: { readonly cause?: unknown }) {
    super(
      `${feature} needs the optional peer dependency "${packageName}", which is not installed: run \`npm install ${packageName}\``,
      options,
    );
    this.name = 'MissingPeerDependencyError';
    this.code = 'postgres.missing_peer_dependency';
    this.packageName = packageName;
    this.feature = feature;
  }
}
