export function DiagnosticsSection({ onSimulateError }: { onSimulateError: () => void }) {
  return (
    <section className="card settings-section" aria-labelledby="diagnostics-heading">
      <h2 id="diagnostics-heading">Diagnostics</h2>
      <div className="settings-row">
        <p>
          Check that errors are caught and reported: this makes the Settings page fail on purpose.
          Nothing is lost, and "Try again" brings it back.
        </p>
        <button type="button" className="button" onClick={onSimulateError}>
          Simulate a page error
        </button>
      </div>
    </section>
  );
}
