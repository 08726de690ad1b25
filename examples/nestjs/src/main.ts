import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './AppModule.js';

const app = await NestFactory.create(AppModule);
app.enableShutdownHooks(); // Ctrl-C closes the app: the relay stops and publishes what is pending
const port = Number(process.env.PORT ?? 3000);
await app.listen(port, '127.0.0.1');
console.log(`Orders API on http://127.0.0.1:${port} (POST /orders, POST /orders/:id/confirm, GET /orders/:id)`);
