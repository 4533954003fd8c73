import type { AuthFormState } from '@/lib/auth/form-state';

/** An auth form's error (an alert, named by the form) or notice. */
export function FormMessages({ state }: { state: AuthFormState }) {
  return (
    <>
      {state.error ? (
        <p id="auth-error" role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">{state.error}</p>
      ) : null}
      {state.notice ? <p role="status" className="rounded-lg bg-brand-50 px-3 py-2 text-sm text-brand-700">{state.notice}</p> : null}
    </>
  );
}
