// #region valibot
import { defineEvent, defineValueObject } from 'tactical-ddd';
import { defineCommand } from 'tactical-ddd/cqrs';
import * as v from 'valibot';

/** A value object validated by valibot: the same class, errors and inferred types as with zod. */
export class Temperature extends defineValueObject(
  'Temperature',
  v.strictObject({
    celsius: v.pipe(v.number(), v.minValue(-273.15)),
    sensor: v.pipe(v.string(), v.nonEmpty()),
  }),
) {
  get fahrenheit(): number {
    return (this.props.celsius * 9) / 5 + 32;
  }
}

/** An event and a command: their payload types come from the valibot schemas. */
export const ReadingTaken = defineEvent('ReadingTaken', v.object({ celsius: v.number() }));
export const Calibrate = defineCommand(
  'Calibrate',
  v.object({ sensor: v.string(), offset: v.pipe(v.string(), v.transform(Number)) }),
);
// #endregion valibot
