import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Identity lives in the key (architecture.md, "Identity without unique indexes"): two devices
 * that create the same contact or enrollment offline create the same id, so replication merges
 * them instead of duplicating.
 */

/** `c_` + 128 bits of SHA-256 of the normalized email (see contacts/email.ts). */
export function contactIdForEmail(normalizedEmail: string): string {
  return `c_${bytesToHex(sha256(utf8ToBytes(normalizedEmail)).subarray(0, 16))}`;
}

/**
 * The id of a contact known only by its LinkedIn URL (normalized, contacts/normalize.ts): derived
 * like an email's, so importing the same file twice finds the same contact instead of a copy.
 */
export function contactIdForLinkedin(normalizedUrl: string): string {
  const digest = sha256(utf8ToBytes(`linkedin:${normalizedUrl.toLowerCase()}`));
  return `c_${bytesToHex(digest.subarray(0, 16))}`;
}

/**
 * A contact's id from its normalized fields, the one rule for import, the app and seeding: the
 * email's, else the LinkedIn URL's, else random (a contact with neither is only ever created by
 * hand, and has nothing two devices could agree on).
 */
export function contactIdForFields(fields: { email: string | null; linkedinUrl: string }): string {
  if (fields.email) return contactIdForEmail(fields.email);
  if (fields.linkedinUrl) return contactIdForLinkedin(fields.linkedinUrl);
  return randomId('c');
}

/** A random id for a document with no natural key (a contact with no email nor LinkedIn URL, a campaign). */
export function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}_${bytesToHex(bytes)}`;
}

/** One enrollment per (campaign, contact), whoever creates it and wherever. */
export function enrollmentId(campaignId: string, contactId: string): string {
  return `${campaignId}.${contactId}`;
}

export const ID_MAX_LENGTH = 80;
