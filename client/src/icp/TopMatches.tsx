import { contactDisplayName } from '../../../shared/documents/contact.ts';
import { describeReason } from './reasons.ts';
import type { TopMatch } from './use-icp-preview.ts';

/** The best-fitting contacts under the draft, each with the criteria it matched and their points. */
export function TopMatches({ matches }: { matches: readonly TopMatch[] }) {
  return (
    <ol className="icp-matches" data-testid="icp-top-matches">
      {matches.map(({ contact, result }) => {
        const meta = [contact.title, contact.company].filter(Boolean).join(' · ');
        return (
          <li key={contact.id} className="icp-match" data-contact-id={contact.id}>
            <div className="icp-match__who">
              <span className="icp-match__name">{contactDisplayName(contact)}</span>
              {meta && <span className="icp-match__meta">{meta}</span>}
            </div>
            <span className="icp-score" data-band={band(result.score)}>
              <span className="visually-hidden">Score </span>
              {result.score}
            </span>
            <ul className="icp-reasons" aria-label="Why">
              {result.reasons.map((reason) => (
                <li key={reason.criterion}>
                  <span className="icp-reasons__what">{describeReason(reason)}</span>
                  <span className="icp-reasons__points">+{reason.points}</span>
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

function band(score: number): 'strong' | 'medium' | 'weak' {
  return score >= 70 ? 'strong' : score >= 40 ? 'medium' : 'weak';
}
