import { useMemo } from 'react';
import type { Contact } from '../../../shared/documents/contact.ts';
import { useData } from '../data/DataProvider.tsx';
import { useContactsVersion } from '../data/hooks.ts';
import { draftWarnings, isEmptyProfile, SENIORITY_LEVELS } from '../icp/draft.ts';
import { PreviewPanel } from '../icp/PreviewPanel.tsx';
import { SizeSection } from '../icp/SizeSection.tsx';
import { STRONG_SCORE, useIcpPreview } from '../icp/use-icp-preview.ts';
import { useProfileDraft } from '../icp/use-profile-draft.ts';
import { ValueSection, type Suggestion } from '../icp/ValueSection.tsx';
import { formatNumber } from '../ui/format.ts';
import { PageHeader } from '../ui/PageHeader.tsx';

export function IcpPage() {
  const profile = useProfileDraft();
  const { draft, dirty, dispatch } = profile;
  const preview = useIcpPreview(draft);
  const facets = useFacets();
  const emptyProfile = isEmptyProfile(draft);
  const warnings = draftWarnings(draft);
  const seniorities = useMemo(
    () => [
      ...SENIORITY_LEVELS.map((value) => ({ value })),
      ...facets.seniorities.filter((s) => !SENIORITY_LEVELS.some((level) => level === s.value)),
    ],
    [facets.seniorities],
  );

  return (
    <div className="icp-page">
      <PageHeader
        title="ICP"
        subtitle="Ideal customer profile: who you sell to best, and how well each contact fits it."
      />
      {profile.loading ? (
        <p className="muted" role="status">
          Loading the profile…
        </p>
      ) : (
        <>
          <div className="icp-toolbar" data-dirty={dirty ? 'true' : undefined}>
            <p className="icp-toolbar__state" role="status">
              {dirty ? (
                <span className="icp-unsaved">Unsaved changes</span>
              ) : (
                (profile.savedNote ??
                (isEmptyProfile(profile.saved) ? 'No profile saved yet.' : 'All changes saved.'))
              )}
            </p>
            {preview.result && (
              // The preview is far below the form on a phone: its headline travels with the bar.
              <p className="icp-toolbar__summary">
                {formatNumber(preview.result.strong)} score {STRONG_SCORE}+
              </p>
            )}
            <div className="icp-toolbar__actions">
              <button
                type="button"
                className="button button--quiet"
                disabled={!dirty || profile.saving}
                onClick={() => dispatch({ type: 'discard' })}
              >
                Discard changes
              </button>
              <button
                type="button"
                className="button button--primary"
                disabled={!dirty || profile.saving}
                onClick={profile.save}
              >
                {profile.saving ? 'Saving…' : 'Save profile'}
              </button>
            </div>
          </div>
          {profile.saveError && (
            <p className="icp-error icp-error--page" role="alert">
              {profile.saveError}
            </p>
          )}
          {dirty && profile.outdated && (
            <p className="icp-notice" role="alert">
              The saved profile was changed in another tab or on another device. Save to replace it
              with yours, or discard your changes to see it.
            </p>
          )}
          <div className="icp-layout">
            <div className="icp-editor">
              {emptyProfile && <EmptyProfile />}
              {warnings.map((warning) => (
                <p key={warning} className="icp-notice" role="alert">
                  {warning}
                </p>
              ))}
              <ValueSection
                list="industries"
                title="Industries"
                description="The industries you sell to. A contact in one of them gets its weight."
                inputLabel="Industry"
                addLabel="Add industry"
                placeholder="Software, Fintech…"
                criteria={draft}
                dispatch={dispatch}
                suggestions={facets.industries}
              />
              <SizeSection criteria={draft} dispatch={dispatch} sizes={facets.sizes} />
              <ValueSection
                list="countries"
                title="Countries"
                description="Where your customers are. “USA”, “U.S.” and “United States” are one country."
                inputLabel="Country"
                addLabel="Add country"
                placeholder="United States, Germany…"
                criteria={draft}
                dispatch={dispatch}
                suggestions={facets.countries}
              />
              <ValueSection
                list="titleKeywords"
                title="Title keywords"
                description="Words or phrases of the job title, matched as whole words: “sales” matches “Head of Sales”, not “Salesforce”."
                inputLabel="Title keyword"
                addLabel="Add title keyword"
                placeholder="Sales, Revenue, Growth…"
                criteria={draft}
                dispatch={dispatch}
                suggestions={[]}
              />
              <ValueSection
                list="seniorities"
                title="Seniorities"
                description="The levels you sell to. A contact without a seniority gets one from the title (“VP Sales” is VP)."
                inputLabel="Seniority"
                addLabel="Add seniority"
                placeholder="C-Level, VP, Director…"
                criteria={draft}
                dispatch={dispatch}
                suggestions={seniorities}
              />
            </div>
            <PreviewPanel
              preview={preview}
              contactCount={facets.total}
              emptyProfile={emptyProfile}
              dirty={dirty}
            />
          </div>
        </>
      )}
    </div>
  );
}

function EmptyProfile() {
  return (
    <div className="card icp-empty">
      <h2>Describe your best customers</h2>
      <p>
        Add the industries, company sizes, countries, title keywords and seniorities that make a
        contact worth your time, and give each a weight from 0 (does not matter) to 10 (matters
        most).
      </p>
      <p>
        Every contact then gets a score from 0 to 100: the share of the profile it matches. The
        preview shows how your contacts would score before you save.
      </p>
    </div>
  );
}

/** The contacts' values for each criterion, most frequent first, offered as suggestions. */
function useFacets() {
  const { contacts } = useData();
  useContactsVersion(); // re-renders on changes, so `size` below is current
  // Suggestions need not follow every edit or rescore: recounted when contacts come or go.
  const size = contacts.size;
  return useMemo(() => {
    const facet = (pick: (contact: Contact) => string): Suggestion[] =>
      contacts.facet((contact) => pick(contact).trim());
    return {
      total: contacts.size,
      industries: facet((c) => c.industry),
      countries: facet((c) => c.country),
      sizes: facet((c) => c.companySize),
      seniorities: facet((c) => c.seniority),
    };
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- size stands for the contacts
  }, [contacts, size]);
}
