import amqp from 'amqplib';

/** The exchanges and queues of one deployment, named from a prefix (runs with different prefixes never meet). */
export function topology(prefix: string) {
  return {
    /** Where the orders service publishes: Ordering's events and its commands for Inventory. */
    ordersExchange: `${prefix}.orders`,
    /** Where the inventory service publishes Inventory's events. */
    inventoryExchange: `${prefix}.inventory`,
    /**
     * The inventory service's queues: `ReserveStock` and `ReleaseStock` from the orders service, in
     * `inventoryPartitions` partitions (`<inventoryQueue>.0` …), each reservation's commands in one
     * partition, in order, shared out among the inventory service's consumers.
     */
    inventoryQueue: `${prefix}.inventory.commands`,
    inventoryPartitions: 4,
    /** The orders service's queue: `StockReserved` and `StockReservationFailed` from the inventory service. */
    ordersQueue: `${prefix}.orders.stock-events`,
  };
}

/** Deletes a deployment's exchanges and queues (with their partition, retry and dead-letter queues): for demos and tests. */
export async function deleteTopology(url: string, prefix: string): Promise<void> {
  const names = topology(prefix);
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of [names.inventoryQueue, names.ordersQueue]) {
      for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`, `${queue}.members`]) {
        await channel.deleteQueue(name);
      }
    }
    for (let partition = 0; partition < names.inventoryPartitions; partition++) {
      await channel.deleteQueue(`${names.inventoryQueue}.${partition}`);
    }
    const partitioned = [`${names.inventoryQueue}.partitions`, `${names.inventoryQueue}.unrouted`];
    for (const exchange of [...partitioned, names.ordersExchange, names.inventoryExchange]) {
      await channel.deleteExchange(exchange);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
