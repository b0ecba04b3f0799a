import { useState, type FormEvent, type ReactNode } from 'react';
import {
  joinRequestSchema,
  loginRequestSchema,
  PASSWORD_MIN_LENGTH,
  signupRequestSchema,
  type MeResponse,
} from '../../../shared/api/auth.ts';
import type { AccountApi } from './api.ts';
import { Field } from './Field.tsx';
import { useAccountForm, type FormState } from './use-account-form.ts';

interface FormProps {
  api: AccountApi;
  onDone: (me: MeResponse) => void;
}

const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters; a few unrelated words work well.`;

function Form({
  label,
  state,
  submitLabel,
  busyLabel,
  onSubmit,
  children,
}: {
  label: string;
  state: FormState;
  submitLabel: string;
  busyLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <form
      className="account-form"
      aria-label={label}
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
      {state.error && (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={state.busy}>
        {state.busy ? busyLabel : submitLabel}
      </button>
    </form>
  );
}

export function SignInForm({ api, onDone }: FormProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useAccountForm(loginRequestSchema, (v) => api.logIn(v), onDone);
  return (
    <Form
      label="Sign in"
      state={form}
      submitLabel="Sign in"
      busyLabel="Signing in…"
      onSubmit={() => void form.submit({ email, password })}
    >
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
        error={form.fields.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={form.fields.password}
      />
    </Form>
  );
}

export function SignUpForm({ api, onDone }: FormProps) {
  const [workspaceName, setWorkspaceName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useAccountForm(signupRequestSchema, (v) => api.signUp(v), onDone);
  return (
    <Form
      label="Create a workspace"
      state={form}
      submitLabel="Create workspace"
      busyLabel="Creating…"
      onSubmit={() => void form.submit({ workspaceName, name, email, password })}
    >
      <Field
        label="Workspace name"
        name="workspaceName"
        autoComplete="organization"
        value={workspaceName}
        onChange={setWorkspaceName}
        error={form.fields.workspaceName}
        hint="Your team or company."
      />
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        value={name}
        onChange={setName}
        error={form.fields.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
        error={form.fields.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={form.fields.password}
        hint={PASSWORD_HINT}
      />
    </Form>
  );
}

export function JoinForm({ api, onDone, token }: FormProps & { token: string }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useAccountForm(joinRequestSchema, (v) => api.join(v), onDone);
  return (
    <Form
      label="Join the workspace"
      state={form}
      submitLabel="Join workspace"
      busyLabel="Joining…"
      onSubmit={() => void form.submit({ token, name, email, password })}
    >
      {form.fields.token && (
        <p className="field-error" role="alert">
          This invite link is incomplete: open the whole link you were sent.
        </p>
      )}
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        value={name}
        onChange={setName}
        error={form.fields.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
        error={form.fields.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        error={form.fields.password}
        hint={PASSWORD_HINT}
      />
    </Form>
  );
}
