import { useState } from 'react';
import type { z } from 'zod';
import type { MeResponse } from '../../../shared/api/auth.ts';
import { AccountApiError } from './api.ts';

export interface FormState {
  busy: boolean;
  /** For the form as a whole (role="alert"). */
  error: string | null;
  /** First problem per field name. */
  fields: Record<string, string>;
}

function firstPerField(issues: readonly { path: string; message: string }[]) {
  const fields: Record<string, string> = {};
  for (const { path, message } of issues) {
    const key = path.split('.')[0] ?? '';
    fields[key] ??= message.charAt(0).toUpperCase() + message.slice(1) + '.';
  }
  return fields;
}

/**
 * Checks the values with the same schema as the server (so most mistakes are explained before a
 * request), sends them, and maps the server's refusals to the form or its fields.
 */
export function useAccountForm<S extends z.ZodType>(
  schema: S,
  send: (values: z.input<S>) => Promise<MeResponse>,
  onDone: (me: MeResponse) => void,
) {
  const [state, setState] = useState<FormState>({ busy: false, error: null, fields: {} });

  async function submit(values: z.input<S>): Promise<void> {
    const checked = schema.safeParse(values);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => ({
        path: i.path.join('.'),
        message: i.message,
      }));
      setState({ busy: false, error: null, fields: firstPerField(issues) });
      return;
    }
    setState({ busy: true, error: null, fields: {} });
    try {
      const me = await send(values);
      setState({ busy: false, error: null, fields: {} });
      onDone(me);
    } catch (error) {
      if (!(error instanceof AccountApiError)) throw error;
      const fields = firstPerField(error.issues);
      const general = Object.keys(fields).length > 0 ? null : error.message;
      setState({ busy: false, error: general, fields });
    }
  }

  return { ...state, submit };
}
