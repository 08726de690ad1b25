import { NestFactory } from '@nestjs/core';
import { CommandBus, QueryBus } from 'tactical-ddd/cqrs';
import { TACTICAL_DDD_STORE } from 'tactical-ddd/nestjs';
import { expect, it } from 'vitest';
import { GetHeroItems, Hero, KillDragon } from './nestjs-migration.js';
import { HeroesModule, type HeroStore } from './nestjs-module.js';

it('runs the heroes example in a Nest application', async () => {
  // #region use
  const app = await NestFactory.createApplicationContext(HeroesModule, { logger: false });
  const hero = Hero.create('Ada');
  await app.get<HeroStore>(TACTICAL_DDD_STORE).heroes.save(hero);

  await app.get(CommandBus).dispatch(KillDragon({ heroId: hero.id, dragonId: 'smaug' }));
  await app.close(); // the relay publishes what is pending: HeroKilledDragon → DropAncientItem → HeroFoundItem

  await app.get(QueryBus).dispatch(GetHeroItems({ heroId: hero.id })); // ['ancient-sword']
  // #endregion use
  expect(await app.get(QueryBus).dispatch(GetHeroItems({ heroId: hero.id }))).toEqual(['ancient-sword']);
});
