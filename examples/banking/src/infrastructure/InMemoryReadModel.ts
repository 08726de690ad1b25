import type { AccountView, ReadModel, ReadModelWriter, StatementLine, TransferView } from '../application/readModel.js';

/** The read models in memory: for tests and `--db memory`. */
export class InMemoryReadModel implements ReadModel, ReadModelWriter {
  private readonly accountViews = new Map<string, AccountView>();
  private readonly lines = new Map<string, StatementLine[]>();
  private readonly transferViews = new Map<string, TransferView>();

  async account(id: string): Promise<AccountView | undefined> {
    return this.accountViews.get(id);
  }

  async accounts(): Promise<readonly AccountView[]> {
    return [...this.accountViews.values()];
  }

  async statement(accountId: string): Promise<readonly StatementLine[]> {
    return this.lines.get(accountId) ?? [];
  }

  async transfer(id: string): Promise<TransferView | undefined> {
    return this.transferViews.get(id);
  }

  async transfers(): Promise<readonly TransferView[]> {
    return [...this.transferViews.values()];
  }

  async putAccount(view: AccountView): Promise<void> {
    this.accountViews.set(view.id, view);
  }

  async addLine(line: StatementLine): Promise<void> {
    const lines = this.lines.get(line.accountId) ?? [];
    lines.push(line);
    this.lines.set(line.accountId, lines);
  }

  async putTransfer(view: TransferView): Promise<void> {
    this.transferViews.set(view.id, view);
  }

  /** Removes the account holder's name: what the bank does when it forgets them. */
  async eraseOwner(accountId: string): Promise<void> {
    const view = this.accountViews.get(accountId);
    if (view !== undefined) this.accountViews.set(accountId, { ...view, owner: null });
  }
}
