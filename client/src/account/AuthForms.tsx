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

/** Name, email and a new password: what signing up and joining both ask of a person. */
function useNewMember() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  return { values: { name, email, password }, setName, setEmail, setPassword };
}

function NewMemberFields({
  member,
  errors,
}: {
  member: ReturnType<typeof useNewMember>;
  errors: FormState['fields'];
}) {
  const { values, setName, setEmail, setPassword } = member;
  return (
    <>
      <Field
        label="Your name"
        name="name"
        autoComplete="name"
        value={values.name}
        onChange={setName}
        error={errors.name}
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={values.email}
        onChange={setEmail}
        error={errors.email}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={values.password}
        onChange={setPassword}
        error={errors.password}
        hint={PASSWORD_HINT}
      />
    </>
  );
}

export function SignUpForm({ api, onDone }: FormProps) {
  const [workspaceName, setWorkspaceName] = useState('');
  const member = useNewMember();
  const form = useAccountForm(signupRequestSchema, (v) => api.signUp(v), onDone);
  return (
    <Form
      label="Create a workspace"
      state={form}
      submitLabel="Create workspace"
      busyLabel="Creating…"
      onSubmit={() => void form.submit({ workspaceName, ...member.values })}
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
      <NewMemberFields member={member} errors={form.fields} />
    </Form>
  );
}

export function JoinForm({ api, onDone, token }: FormProps & { token: string }) {
  const member = useNewMember();
  const form = useAccountForm(joinRequestSchema, (v) => api.join(v), onDone);
  return (
    <Form
      label="Join the workspace"
      state={form}
      submitLabel="Join workspace"
      busyLabel="Joining…"
      onSubmit={() => void form.submit({ token, ...member.values })}
    >
      {form.fields.token && (
        <p className="field-error" role="alert">
          This invite link is incomplete: open the whole link you were sent.
        </p>
      )}
      <NewMemberFields member={member} errors={form.fields} />
    </Form>
  );
}
