// The pieces every emulator seed shares: dates as YYYY-MM-DD, FreeAgent's decimal strings, and zod problems in FreeAgent's
// error shape (an array of {message}, each naming the field at fault).
import { z } from 'zod';
import { decimalToPence } from '../../integrations/freeagent/decimal';

export const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const decimal = z.string().refine((value) => {
  try {
    decimalToPence(value);
    return true;
  } catch {
    return false;
  }
}, 'expected a decimal string with at most two decimal places, e.g. "3009.01"');

export function problems(error: z.ZodError): { errors: { message: string }[] } {
  return { errors: error.issues.map((issue) => ({ message: `${issue.path.join('.') || 'body'}: ${issue.message}` })) };
}

export const notFoundBody = (message: string) => ({ errors: { error: { message } } });
