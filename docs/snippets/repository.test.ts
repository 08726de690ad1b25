import { expect, it } from 'vitest';
import { checkOutTwice } from './getting-started.js';

it('rejects the second writer', async () => {
  expect(await checkOutTwice()).toBe('conflict: expected 1, found 2');
});
