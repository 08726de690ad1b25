// The NestJS module with the installed @nestjs/common and @nestjs/core, from ESM and from CJS
// (each passes the modules it loaded its own way): a command handler and an event handler found
// by discovery, a dispatch, the event published by the relay after commit, a duplicate handler
// refused at boot. Decorators are applied as calls: these smoke files are plain JavaScript.
const assert = require('node:assert/strict');

module.exports = async function nestSmoke({ common, core, root, cqrs, nestjs }) {
  const z = require('zod');
  const { Injectable, Module } = common;
  const { NestFactory } = core;
  const Opened = root.defineEvent('Opened', z.object({ name: z.string() }));
  const Open = cqrs.defineCommand('Open', z.object({ name: z.string() }));
  const store = () => root.inMemoryStore({ aggregates: { things: root.stateStored('Thing') } });
  class Thing extends root.AggregateRoot {
    static open(name) {
      const thing = new Thing(root.defineId('Thing').create(), { name });
      thing.raise(Opened({ name }));
      return thing;
    }
  }

  class OpenHandler {
    constructor(store) {
      this.store = store;
    }
    handle({ payload }, context) {
      return this.store.transaction((s) => s.things.add(Thing.open(payload.name)), context);
    }
  }
  common.Inject(nestjs.TACTICAL_DDD_STORE)(OpenHandler, undefined, 0);
  nestjs.CommandHandlerFor(Open)(OpenHandler);
  Injectable()(OpenHandler);

  class OpenedLog {
    seen = [];
    handle(event) {
      this.seen.push(event.payload.name);
    }
  }
  nestjs.EventHandlerFor(Opened)(OpenedLog);
  Injectable()(OpenedLog);

  const boot = (providers) => {
    class AppModule {}
    Module({ imports: [nestjs.TacticalDddModule.forRoot({ store: store() })], providers })(AppModule);
    return NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  };

  const app = await boot([OpenHandler, OpenedLog]);
  await app.get(cqrs.CommandBus).dispatch(Open({ name: 'first' }));
  await app.close(); // stops and drains the relay
  assert.deepEqual(app.get(OpenedLog).seen, ['first']);

  class SecondOpenHandler {
    handle() {}
  }
  nestjs.CommandHandlerFor(Open)(SecondOpenHandler);
  Injectable()(SecondOpenHandler);
  await assert.rejects(boot([OpenHandler, SecondOpenHandler]), (error) => error instanceof cqrs.DuplicateHandlerError);
  return `@nestjs/core ${require('@nestjs/core/package.json').version}`;
};
