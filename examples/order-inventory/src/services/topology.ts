import amqp from 'amqplib';

/** The exchanges and queues of one deployment, named from a prefix (runs with different prefixes never meet). */
export function topology(prefix: string) {
  return {
    /** Where the orders service publishes: Ordering's events and its commands for Inventory. */
    ordersExchange: `${prefix}.orders`,
    /** Where the inventory service publishes Inventory's events. */
    inventoryExchange: `${prefix}.inventory`,
    /** The inventory service's queue: `ReserveStock` and `ReleaseStock` from the orders service. */
    inventoryQueue: `${prefix}.inventory.commands`,
    /** The orders service's queue: `StockReserved` and `StockReservationFailed` from the inventory service. */
    ordersQueue: `${prefix}.orders.stock-events`,
  };
}

/** Deletes a deployment's exchanges and queues (with their retry and dead-letter queues): for demos and tests. */
export async function deleteTopology(url: string, prefix: string): Promise<void> {
  const names = topology(prefix);
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of [names.inventoryQueue, names.ordersQueue]) {
      for (const name of [queue, `${queue}.retry`, `${queue}.dead-letter`]) await channel.deleteQueue(name);
    }
    for (const exchange of [names.ordersExchange, names.inventoryExchange]) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
