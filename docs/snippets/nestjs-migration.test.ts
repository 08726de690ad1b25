import { expect, it } from 'vitest';
import { commandBus, GetHeroItems, Hero, heroes, KillDragon, queryBus, relay, store } from './nestjs-migration.js';

it('runs the heroes example without Nest: command, event, saga-like subscriber, query', async () => {
  // #region use
  const hero = Hero.create('Ada');
  await heroes.save(hero);

  await commandBus.dispatch(
    KillDragon({ heroId: hero.id, dragonId: 'smaug' }, { metadata: { correlationId: 'quest-1' } }),
  );
  await relay.drain(); // HeroKilledDragon → DropAncientItem → HeroFoundItem

  await queryBus.dispatch(GetHeroItems({ heroId: hero.id })); // ['ancient-sword'], typed string[]
  // #endregion use
  expect(await queryBus.dispatch(GetHeroItems({ heroId: hero.id }))).toEqual(['ancient-sword']);
  const messages = store.outbox?.messages ?? [];
  expect(messages.map((m) => (m.kind === 'event' ? [m.event.type, m.event.metadata.correlationId] : []))).toEqual([
    ['HeroKilledDragon', 'quest-1'],
    ['HeroFoundItem', 'quest-1'],
  ]);
});
