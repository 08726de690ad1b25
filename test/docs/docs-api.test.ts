import { describe, expect, it } from 'vitest';
import { compactPage } from '../../scripts/docs-api.js';

const member = `### add()

\`\`\`ts
add(addend): Money<TCode>;
\`\`\`

Returns the exact sum.

#### Type Parameters

| Type Parameter |
| ------ |
| <a id="type-parameter-tcode-1"></a> \`TCode\` *extends* [\`CurrencyCode\`](../index.md#currencycode) |
| \`TOther\` |

#### Parameters

| Parameter | Type |
| ------ | ------ |
| \`addend\` | \`Money\` |

#### Returns

\`Money\`\\<\`TCode\`\\>

The sum,
exactly.

#### Throws

[CurrencyMismatchError](CurrencyMismatchError.md) when \`addend\` is in another currency.

#### Example

\`\`\`ts
a.add(b);
\`\`\`

***

### zero()

#### Returns

\`\`\`ts
{ readonly a: 1 }
\`\`\`
`;

describe('compactPage', () => {
  const page = compactPage(member);

  it('marks the page as generated reference, with no edit link', () => {
    expect(page.startsWith('---\npageClass: api-page\neditLink: false\n---\n')).toBe(true);
  });

  it('puts a return type and its description on one line, and the throws text after its label', () => {
    expect(page).toContain('**Returns** `Money`\\<`TCode`\\>: The sum,\nexactly.\n');
    expect(page).toContain('**Throws** [CurrencyMismatchError](CurrencyMismatchError.md) when');
    expect(page).toContain('<p class="api-label">Parameters</p>\n\n| Parameter');
  });

  it('lists type parameters on one line', () => {
    expect(page).toContain(
      '**Type parameters** <a id="type-parameter-tcode-1"></a> `TCode` *extends* [`CurrencyCode`](../index.md#currencycode), `TOther`\n',
    );
  });

  it('drops the example heading before its code, and the rules between members', () => {
    expect(page).not.toContain('Example');
    expect(page).not.toContain('***');
    expect(page).toContain('\n```ts\na.add(b);\n```\n');
  });

  it('keeps a return type written as a code block as it is', () => {
    expect(page).toContain('<p class="api-label">Returns</p>\n\n```ts\n{ readonly a: 1 }\n```');
  });
});
