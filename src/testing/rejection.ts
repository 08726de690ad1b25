/** What `promise` rejects with; fails when it resolves. @internal */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, and it succeeded');
}
