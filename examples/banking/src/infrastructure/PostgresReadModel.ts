import type { SqlClient } from 'tactical-ddd/postgres';
import type { AccountView, ReadModel, ReadModelWriter, StatementLine, TransferView } from '../application/readModel.js';

/**
 * Creates the example's own tables (the read models) next to the library's `ddd_*`
 * tables. An example can do with `IF NOT EXISTS`; a real service keeps versioned migrations.
 */
export async function createBankTables(client: SqlClient, schema: string): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query(`CREATE TABLE IF NOT EXISTS "${schema}".bank_accounts (
      id TEXT PRIMARY KEY, owner TEXT, currency TEXT NOT NULL, balance NUMERIC NOT NULL,
      status TEXT NOT NULL, version INT NOT NULL, seq BIGSERIAL)`);
    await tx.query(`CREATE TABLE IF NOT EXISTS "${schema}".bank_statement_lines (
      account_id TEXT NOT NULL, version INT NOT NULL, occurred_at TEXT NOT NULL, kind TEXT NOT NULL,
      amount NUMERIC NOT NULL, balance NUMERIC NOT NULL, memo TEXT, transfer_id TEXT,
      PRIMARY KEY (account_id, version))`);
    await tx.query(`CREATE TABLE IF NOT EXISTS "${schema}".bank_transfers (
      id TEXT PRIMARY KEY, from_account TEXT NOT NULL, to_account TEXT NOT NULL, amount NUMERIC NOT NULL,
      currency TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, refunded BOOLEAN, seq BIGSERIAL)`);
  });
}

const ACCOUNT = `id, owner, currency, balance::text AS balance, status, version`;
const LINE = `account_id AS "accountId", version, occurred_at AS "occurredAt", kind, amount::text AS amount,
  balance::text AS balance, memo, transfer_id AS "transferId"`;
const TRANSFER = `id, from_account AS "from", to_account AS "to", amount::text AS amount, currency, status, reason, refunded`;

/**
 * The read models in PostgreSQL tables. `writer(tx)` writes in the projector's transaction, so
 * each batch of events and its checkpoint commit together: the read model never applies an event
 * twice, nor skips one.
 */
export class PostgresReadModel implements ReadModel {
  private readonly client: SqlClient;
  private readonly schema: string;

  constructor(client: SqlClient, schema: string) {
    this.client = client;
    this.schema = schema;
  }

  private table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  async account(id: string): Promise<AccountView | undefined> {
    return accountIn(this.client, this.table('bank_accounts'), id);
  }

  /** Removes the account holder's name: what the bank does when it forgets them. */
  async eraseOwner(accountId: string): Promise<void> {
    await this.client.query(`UPDATE ${this.table('bank_accounts')} SET owner = NULL WHERE id = $1`, [accountId]);
  }

  async accounts(): Promise<readonly AccountView[]> {
    const { rows } = await this.client.query<AccountView>(
      `SELECT ${ACCOUNT} FROM ${this.table('bank_accounts')} ORDER BY seq`,
    );
    return rows;
  }

  async statement(accountId: string): Promise<readonly StatementLine[]> {
    const { rows } = await this.client.query<StatementLine>(
      `SELECT ${LINE} FROM ${this.table('bank_statement_lines')} WHERE account_id = $1 ORDER BY version`,
      [accountId],
    );
    return rows;
  }

  async transfer(id: string): Promise<TransferView | undefined> {
    return transferIn(this.client, this.table('bank_transfers'), id);
  }

  async transfers(): Promise<readonly TransferView[]> {
    const { rows } = await this.client.query<TransferView>(
      `SELECT ${TRANSFER} FROM ${this.table('bank_transfers')} ORDER BY seq`,
    );
    return rows;
  }

  /** A writer bound to a transaction's client. */
  writer(tx: SqlClient): ReadModelWriter {
    const accounts = this.table('bank_accounts');
    const lines = this.table('bank_statement_lines');
    const transfers = this.table('bank_transfers');
    return {
      account: (id) => accountIn(tx, accounts, id),
      transfer: (id) => transferIn(tx, transfers, id),
      async putAccount(v) {
        await tx.query(
          `INSERT INTO ${accounts} (id, owner, currency, balance, status, version) VALUES ($1, $2, $3, $4::numeric, $5, $6)
           ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance, status = EXCLUDED.status, version = EXCLUDED.version`,
          [v.id, v.owner, v.currency, v.balance, v.status, v.version],
        );
      },
      async addLine(l) {
        await tx.query(
          `INSERT INTO ${lines} (account_id, version, occurred_at, kind, amount, balance, memo, transfer_id)
           VALUES ($1, $2, $3, $4, $5::numeric, $6::numeric, $7, $8)`,
          [l.accountId, l.version, l.occurredAt, l.kind, l.amount, l.balance, l.memo, l.transferId],
        );
      },
      async putTransfer(t) {
        await tx.query(
          `INSERT INTO ${transfers} (id, from_account, to_account, amount, currency, status, reason, refunded)
           VALUES ($1, $2, $3, $4::numeric, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, refunded = EXCLUDED.refunded`,
          [t.id, t.from, t.to, t.amount, t.currency, t.status, t.reason, t.refunded],
        );
      },
    };
  }
}

async function accountIn(client: SqlClient, table: string, id: string): Promise<AccountView | undefined> {
  const { rows } = await client.query<AccountView>(`SELECT ${ACCOUNT} FROM ${table} WHERE id = $1`, [id]);
  return rows[0];
}

async function transferIn(client: SqlClient, table: string, id: string): Promise<TransferView | undefined> {
  const { rows } = await client.query<TransferView>(`SELECT ${TRANSFER} FROM ${table} WHERE id = $1`, [id]);
  return rows[0];
}
