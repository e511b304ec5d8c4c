import { RecordAccessBatchHandler } from './record-access-batch.handler';

export * from './record-access-batch.command';

/** Every command handler of this feature, for the module's providers. */
export const ACCESS_COMMAND_HANDLERS = [RecordAccessBatchHandler];
