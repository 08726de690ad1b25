import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { defineCommand, ProcessInstance, type ProcessInstanceProps } from '../../src/cqrs/index.js';

const State = z.object({ step: z.enum(['a', 'b']) });
const Release = defineCommand('Release', z.object({ sku: z.string() }));

describe('ProcessInstance.restore', () => {
  it('rebuilds a run at version 0, copying the arrays it is given', () => {
    const release = Release({ sku: 'A' });
    const props: ProcessInstanceProps<{ step: 'a' | 'b' }> = {
      process: 'P',
      state: { step: 'b' },
      status: 'running',
      handled: ['e1'],
      compensations: [release],
    };
    const run = ProcessInstance.restore('run-1', props);
    expect(run.id).toBe('run-1');
    expect(run.version).toBe(0);
    expect(run.props).toEqual(props);
    expect('reason' in run.props).toBe(false);
    run.record('e2', { state: { step: 'a' }, status: 'compensated', compensations: [], reason: 'why' });
    props.handled.push('e3');
    expect(props.handled).toEqual(['e1', 'e3']);
    expect(props.compensations).toEqual([release]);
    expect(run.props.handled).toEqual(['e1', 'e2']);
    expect(run.props).toMatchObject({ status: 'compensated', reason: 'why', compensations: [] });
  });

  it('keeps a reason it is given', () => {
    const run = ProcessInstance.restore('run-2', {
      process: 'P',
      state: { step: 'a' },
      status: 'compensated',
      handled: [],
      compensations: [],
      reason: 'out of stock',
    });
    expect(run.props.reason).toBe('out of stock');
  });
});

describe('ProcessInstance.propsSchema', () => {
  const schema = ProcessInstance.propsSchema(State);
  const good = {
    process: 'P',
    state: { step: 'a' },
    status: 'running',
    handled: ['e1'],
    compensations: [{ type: 'Release', id: 'c1', payload: { sku: 'A' }, metadata: { correlationId: 'r' } }],
  };

  it('accepts stored props, with or without a reason', () => {
    expect(schema.parse(good)).toEqual(good);
    expect(schema.parse({ ...good, reason: 'r' })).toEqual({ ...good, reason: 'r' });
  });

  it.each<[string, unknown, string]>([
    ['an empty process name', { ...good, process: '' }, 'process'],
    ['a bad state', { ...good, state: { step: 'z' } }, 'state.step'],
    ['an unknown status', { ...good, status: 'paused' }, 'status'],
    ['an empty handled id', { ...good, handled: [''] }, 'handled.0'],
    [
      'a compensation without metadata',
      { ...good, compensations: [{ type: 'R', id: 'c', payload: {} }] },
      'compensations.0.metadata',
    ],
    [
      'a compensation with an extra key',
      { ...good, compensations: [{ ...good.compensations[0], x: 1 }] },
      'compensations.0',
    ],
    [
      'a non-string correlation id',
      { ...good, compensations: [{ ...good.compensations[0], metadata: { correlationId: 1 } }] },
      'compensations.0.metadata.correlationId',
    ],
    ['an unknown key', { ...good, extra: true }, ''],
  ])('refuses %s', (_, input, path) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
