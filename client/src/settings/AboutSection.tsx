import { API_BASE, API_VERSION } from '../../../shared/version.ts';

export function AboutSection() {
  return (
    <section className="card settings-section" aria-labelledby="about-heading">
      <h2 id="about-heading">About</h2>
      <dl className="facts">
        <dt>Build</dt>
        <dd>
          <code data-testid="build-id">{__BUILD_ID__}</code>
        </dd>
        <dt>API version</dt>
        <dd>
          <code data-testid="api-version">v{API_VERSION}</code>{' '}
          <span className="muted">({API_BASE})</span>
        </dd>
      </dl>
    </section>
  );
}
