import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { findHostileInput } from './hostile-input';

/**
 * The ValidationPipe, after a look at the raw input that class-transformer and class-validator cannot survive or
 * should never see (see findHostileInput); its problems are reported through the pipe's own exceptionFactory, so
 * HTTP answers 400 with field errors and sockets an error ack, like any other invalid field.
 */
export class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problems = findHostileInput(value);
      if (problems.length > 0) throw this.exceptionFactory(problems);
    }
    return super.transform(value, metadata);
  }
}
