import { CommandBus } from 'tactical-ddd/cqrs';
import { describe, expect, it } from 'vitest';
import { Calibrate, ReadingTaken, Temperature } from './other-validators.js';

describe('the other-validators section', () => {
  // #region valibot-use
  it('validates with valibot and reports the field and the rule', async () => {
    const reading = Temperature.create({ celsius: 21.5, sensor: 'hall' });
    expect(reading.fahrenheit).toBeCloseTo(70.7);
    const attempt = Temperature.safeCreate({ celsius: -300, sensor: 'hall' });
    expect(attempt.success).toBe(false);
    if (!attempt.success) expect([attempt.error.field, attempt.error.rule]).toEqual(['celsius', 'min_value']);

    expect(ReadingTaken({ celsius: 19 }).payload.celsius).toBe(19);
    const offsets: number[] = [];
    const bus = new CommandBus();
    bus.register(Calibrate, async (command) => {
      offsets.push(command.payload.offset); // a number: the schema's output
    });
    await bus.dispatch(Calibrate({ sensor: 'hall', offset: '0.5' }));
    expect(offsets).toEqual([0.5]);
  });
  // #endregion valibot-use
});
