// #region module
import { Inject, Injectable, Module } from '@nestjs/common';
import type { EventOf } from 'tactical-ddd';
import { inMemoryStore, stateStored } from 'tactical-ddd';
import { type Command, CommandBus, type MessageContext, type Query } from 'tactical-ddd/cqrs';
import {
  CommandHandlerFor,
  EventHandlerFor,
  QueryHandlerFor,
  TACTICAL_DDD_STORE,
  TacticalDddModule,
} from 'tactical-ddd/nestjs';
import { DropAncientItem, GetHeroItems, type Hero, HeroId, HeroKilledDragon, KillDragon } from './nestjs-migration.js';

export const createHeroStore = () => inMemoryStore({ aggregates: { heroes: stateStored<Hero>('Hero') } });
export type HeroStore = ReturnType<typeof createHeroStore>;

@Injectable()
@CommandHandlerFor(KillDragon) // Nest: @CommandHandler(KillDragonCommand)
export class KillDragonHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: HeroStore) {}

  handle({ payload }: Command<'KillDragon', { heroId: HeroId; dragonId: string }, void>, context: MessageContext) {
    return this.store.transaction(
      async (s) => (await s.heroes.get(payload.heroId)).killEnemy(payload.dragonId),
      context,
    );
  }
}

@Injectable()
@CommandHandlerFor(DropAncientItem)
export class DropAncientItemHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: HeroStore) {}

  handle({ payload }: Command<'DropAncientItem', { heroId: HeroId; itemId: string }, void>, context: MessageContext) {
    return this.store.transaction(async (s) => (await s.heroes.get(payload.heroId)).addItem(payload.itemId), context);
  }
}

@Injectable()
@QueryHandlerFor(GetHeroItems) // Nest: @QueryHandler(GetHeroesQuery)
export class GetHeroItemsHandler {
  constructor(@Inject(TACTICAL_DDD_STORE) private readonly store: HeroStore) {}

  async handle({ payload }: Query<'GetHeroItems', { heroId: HeroId }, string[]>) {
    return [...(await this.store.heroes.getById(payload.heroId)).items];
  }
}

@Injectable()
@EventHandlerFor(HeroKilledDragon) // Nest: @Saga() dragonKilled = (events$) => events$.pipe(ofType(…), map(…))
export class HeroesSaga {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  handle(event: EventOf<typeof HeroKilledDragon>) {
    const command = DropAncientItem({ heroId: HeroId.parse(event.aggregateId), itemId: 'ancient-sword' });
    return this.commandBus.dispatch(command, { causedBy: event });
  }
}

@Module({
  imports: [TacticalDddModule.forRootAsync({ useFactory: () => ({ store: createHeroStore() }) })],
  providers: [KillDragonHandler, DropAncientItemHandler, GetHeroItemsHandler, HeroesSaga],
})
export class HeroesModule {}
// #endregion module
