/**
 * TypeDoc hooks that keep the API reference readable:
 * - TypeScript resolves `CurrencyCode` and `CountryCode` (`keyof typeof table`) to their ~180 and
 *   ~250 literals, and TypeDoc prints them inline wherever a signature uses them. Unions that hold
 *   all of one of those sets are printed by name again (`CountryCode | Lowercase<CountryCode>`).
 * - The type-level helpers of `src/specification/Path.ts` (`Args`, `Depth`, `EntryAt`…) go into
 *   their own "Type-level helpers" group, after the specification API users call.
 */
import { readFileSync } from 'node:fs';
import {
  type Application,
  Comment,
  CommentTag,
  type Context,
  Converter,
  type DeclarationReflection,
  LiteralType,
  type ProjectReflection,
  ReferenceType,
  ReflectionKind,
  type SomeType,
  Type,
  UnionType,
} from 'typedoc';

/** Type aliases whose literal unions are printed by name. */
const namedUnions = ['CurrencyCode', 'CountryCode'] as const;
const helpersGroup = 'Type-level helpers';
const helperFile = 'src/specification/Path.ts';

interface NamedUnion {
  readonly name: string;
  readonly target: DeclarationReflection;
  readonly values: ReadonlySet<string>;
}

/** Rewrites one union: members that make up a whole named set become a reference to its alias. */
function nameUnion(union: UnionType, named: readonly NamedUnion[], project: ProjectReflection): SomeType {
  const literals = new Set(
    union.types.flatMap((t) => (t instanceof LiteralType && typeof t.value === 'string' ? [t.value] : [])),
  );
  let rest: SomeType[] = union.types;
  const replaced: SomeType[] = [];
  for (const { name, target, values } of named) {
    const variants = [
      { holds: (v: string) => literals.has(v), map: (v: string) => v, wrap: undefined },
      { holds: (v: string) => literals.has(v.toLowerCase()), map: (v: string) => v.toLowerCase(), wrap: 'Lowercase' },
    ];
    for (const variant of variants) {
      if (![...values].every(variant.holds)) continue;
      const covered = new Set([...values].map(variant.map));
      rest = rest.filter((t) => !(t instanceof LiteralType && typeof t.value === 'string' && covered.has(t.value)));
      const reference = ReferenceType.createResolvedReference(name, target, project);
      if (variant.wrap === undefined) replaced.push(reference);
      else {
        const wrapper = ReferenceType.createBrokenReference(variant.wrap, project, 'typescript');
        wrapper.typeArguments = [reference];
        replaced.push(wrapper);
      }
    }
  }
  if (replaced.length === 0) return union;
  const types = [...replaced, ...rest];
  return types.length === 1 ? (types[0] as SomeType) : new UnionType(types);
}

/** Walks every type held by `value` (a reflection or a type) and rewrites the unions in place. */
function rewriteTypes(value: object, rewrite: (union: UnionType) => SomeType, seen = new Set<object>()): void {
  if (seen.has(value)) return;
  seen.add(value);
  for (const [key, child] of Object.entries(value)) {
    if (key === 'parent' || key === 'project' || key === '_target' || child === null || typeof child !== 'object')
      continue;
    if (child instanceof Type) {
      rewriteTypes(child, rewrite, seen);
      if (child instanceof UnionType) (value as Record<string, unknown>)[key] = rewrite(child);
    } else if (Array.isArray(child)) {
      child.forEach((item, index) => {
        if (item instanceof Type) {
          rewriteTypes(item, rewrite, seen);
          if (item instanceof UnionType) child[index] = rewrite(item);
        } else if (Array.isArray(item)) rewriteTypes(item, rewrite, seen);
      });
    }
  }
}

/** Registers the hooks on a TypeDoc application before it converts. */
export function readableSignatures(app: Application): void {
  const helperNames = new Set(
    [...readFileSync(helperFile, 'utf8').matchAll(/^export (?:type|interface) (\w+)/gm)].map((m) => m[1]),
  );
  const literalsOf = new Map<string, ReadonlySet<string>>();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context: Context, reflection: DeclarationReflection) => {
    if (reflection.kindOf(ReflectionKind.TypeAlias) && (namedUnions as readonly string[]).includes(reflection.name)) {
      const symbol = context.getSymbolFromReflection(reflection);
      const type = symbol && context.checker.getDeclaredTypeOfSymbol(symbol);
      if (type?.isUnion()) {
        literalsOf.set(reflection.name, new Set(type.types.flatMap((t) => (t.isStringLiteral() ? [t.value] : []))));
      }
    }
    if (!reflection.kindOf(ReflectionKind.TypeAlias | ReflectionKind.Interface) || !helperNames.has(reflection.name))
      return;
    const parent = reflection.parent;
    if (!parent?.kindOf(ReflectionKind.Module) || !parent.name.endsWith('specification')) return;
    reflection.comment ??= new Comment();
    reflection.comment.blockTags.push(new CommentTag('@group', [{ kind: 'text', text: helpersGroup }]));
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context: Context) => {
    const project = context.project;
    const named: NamedUnion[] = [];
    for (const name of namedUnions) {
      const target = project.getReflectionsByKind(ReflectionKind.TypeAlias).find((r) => r.name === name) as
        | DeclarationReflection
        | undefined;
      if (target === undefined) throw new Error(`docs: type alias ${name} not found`);
      const values = literalsOf.get(name);
      if (values === undefined || values.size < 100) throw new Error(`docs: the literals of ${name} were not read`);
      named.push({ name, target, values });
    }
    const rewrite = (union: UnionType) => nameUnion(union, named, project);
    for (const reflection of Object.values(project.reflections)) {
      // An alias's own declaration keeps its definition.
      if (named.some((n) => n.target === reflection)) continue;
      rewriteTypes(reflection, rewrite);
    }
  });
}
