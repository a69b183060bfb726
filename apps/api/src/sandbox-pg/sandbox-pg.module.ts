import { Module } from '@nestjs/common';
import { GetSandboxTransactionController } from './get-sandbox-transaction/get-sandbox-transaction.controller';

/** The sandbox PG's admin route (DESIGN.md §6). */
@Module({ controllers: [GetSandboxTransactionController] })
export class SandboxPgModule {}
