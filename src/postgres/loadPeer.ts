import { MissingPeerDependencyError } from './MissingPeerDependencyError.js';

/**
 * Loads an optional peer dependency, turning "module not found" for that package into a
 * {@link MissingPeerDependencyError} that says what to install. Other errors pass through. @internal
 */
export async function loadPeer<TModule>(
  packageName: string,
  feature: string,
  load: () => Promise<TModule>,
): Promise<TModule> {
  try {
    return await load();
  } catch (error) {
    if (isMissingModule(error, packageName))
      throw new MissingPeerDependencyError(packageName, feature, { cause: error });
    throw error;
  }
}

function isMissingModule(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const notFound =
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (typeof message === 'string' && /cannot find (package|module)|failed to (load|resolve)/i.test(message));
  // Node names the missing package in quotes: "Cannot find package 'pg' imported from …".
  return (
    notFound &&
    typeof message === 'string' &&
    (message.includes(`'${packageName}'`) || message.includes(`"${packageName}"`))
  );
}
