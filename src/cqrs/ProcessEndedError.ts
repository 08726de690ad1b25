import { DomainError } from '../core/DomainError.js';
import type { ProcessStatus } from './ProcessInstance.js';

/**
 * Thrown when a process handler schedules a deadline after ending its run (`complete` or
 * `compensate`): an ended run has no future, and its deadlines are cancelled with it.
 *
 * @example
 * ```ts
 * manager.on(PaymentReceived, (_event, process) => {
 *   process.complete();
 *   process.schedule(tomorrow, Reminder({})); // ProcessEndedError
 * });
 * ```
 */
export class ProcessEndedError extends DomainError {
  declare readonly name: 'ProcessEndedError';
  declare readonly code: 'cqrs.process_ended';
  /** The process manager's name. */
  declare readonly process: string;
  /** The run's id (its correlation id). */
  declare readonly correlationId: string;
  /** How the run ended. */
  declare readonly status: Exclude<ProcessStatus, 'running'>;

  /**
   * @param process - The process manager's name.
   * @param correlationId - The run's id.
   * @param status - How it ended.
   */
  constructor(process: string, correlationId: string, status: Exclude<ProcessStatus, 'running'>) {
    super(`${process} run ${correlationId} is ${status}: it cannot schedule deadlines`);
    this.name = 'ProcessEndedError';
    this.code = 'cqrs.process_ended';
    this.process = process;
    this.correlationId = correlationId;
    this.status = status;
  }
}
