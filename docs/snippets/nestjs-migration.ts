// #region aggregate
import {
  AggregateRoot,
  defineEvent,
  defineId,
  type EventOf,
  type IdOf,
  inMemoryStore,
  stateStored,
} from 'tactical-ddd';
import * as z from 'zod';

export const HeroId = defineId('Hero');
export type HeroId = IdOf<typeof HeroId>;

// An event is data with a name you choose, not a class found by `constructor.name`.
export const HeroKilledDragon = defineEvent('HeroKilledDragon', z.object({ dragonId: z.string() }));
export const HeroFoundItem = defineEvent('HeroFoundItem', z.object({ itemId: z.string() }));

export class Hero extends AggregateRoot<
  HeroId,
  { name: string; items: string[] },
  EventOf<typeof HeroKilledDragon | typeof HeroFoundItem>
> {
  static create(name: string): Hero {
    return new Hero(HeroId.create(), { name, items: [] });
  }
  get items(): readonly string[] {
    return this.state.items;
  }
  killEnemy(dragonId: string): void {
    this.raise(HeroKilledDragon({ dragonId })); // Nest: this.apply(new HeroKilledDragonEvent(...))
  }
  addItem(itemId: string): void {
    this.state.items.push(itemId);
    this.raise(HeroFoundItem({ itemId }));
  }
}

// Nest: publisher.mergeObjectContext(hero) … hero.commit(). Here a session's commit writes the
// events to the outbox with the state; the relay publishes them once it committed.
export const store = inMemoryStore({ aggregates: { heroes: stateStored<Hero>('Hero') } });
export const heroes = store.heroes;

// #endregion aggregate

// #region buses
import { CommandBus, defineCommand, defineQuery, EventBus, OutboxRelay, QueryBus } from 'tactical-ddd/cqrs';

// Nest: class KillDragonCommand extends Command<void> + @CommandHandler(KillDragonCommand).
export const KillDragon = defineCommand('KillDragon', z.object({ heroId: HeroId.schema, dragonId: z.string() }));
export const DropAncientItem = defineCommand(
  'DropAncientItem',
  z.object({ heroId: HeroId.schema, itemId: z.string() }),
);
// Nest: class GetHeroesQuery extends Query<Hero[]> + @QueryHandler(GetHeroesQuery).
export const GetHeroItems = defineQuery('GetHeroItems', z.object({ heroId: HeroId.schema }), z.array(z.string()));

export const commandBus = new CommandBus() // Nest: commandBus.execute(command)
  .register(KillDragon, ({ payload }, context) =>
    store.transaction(async (s) => {
      const hero = await s.heroes.get(payload.heroId);
      hero.killEnemy(payload.dragonId); // saved at commit; its events carry the command's correlation id
    }, context),
  )
  .register(DropAncientItem, ({ payload }, context) =>
    store.transaction(async (s) => (await s.heroes.get(payload.heroId)).addItem(payload.itemId), context),
  );

export const queryBus = new QueryBus().register(GetHeroItems, async ({ payload }) => [
  ...(await heroes.getById(payload.heroId)).items,
]);

export const eventBus = new EventBus({ onError: (failure) => console.error(failure.subscriber, failure.error) });
// Nest: @Saga() dragonKilled = (events$) => events$.pipe(ofType(HeroKilledDragonEvent), map(...)).
eventBus.subscribe(HeroKilledDragon, (event) =>
  commandBus.dispatch(DropAncientItem({ heroId: HeroId.parse(event.aggregateId), itemId: 'ancient-sword' }), {
    causedBy: event, // carries the correlation id on, and makes the event the causation id
  }),
);
export const relay = new OutboxRelay({ outbox: store.outbox as NonNullable<typeof store.outbox>, publisher: eventBus });
// #endregion buses
