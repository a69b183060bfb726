import { Body, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from '../../http';

const FIELD_CHARS_MAX = 120;

/**
 * The body of a route that takes none (cancel, refresh, view): absent, `null` or `{}`. Anything
 * else is a 400 rather than silently ignored: `POST /cancel {"itemIds": [...]}` asks for a partial
 * cancel, which does not exist (R9), and must not cancel the whole payment instead.
 */
@Injectable()
export class NoBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw validationFailed([{ field: 'body', message: '이 요청에는 본문을 보내지 않습니다.' }]);
    }
    const fields = Object.keys(value);
    if (fields.length > 0) {
      // Property names are the client's: cut them short, as field paths are everywhere else.
      throw validationFailed(
        fields.map((field) => ({
          field: field.length > FIELD_CHARS_MAX ? `${field.slice(0, FIELD_CHARS_MAX)}…` : field,
          message: '허용되지 않는 항목입니다.',
        })),
      );
    }
    return undefined;
  }
}

/** Parameter decorator: the route refuses any body property (see NoBodyPipe). */
export const NoBody = (): ParameterDecorator => Body(NoBodyPipe);
