import { prepareContactFields, type FieldProblem } from '../../../shared/contacts/fields.ts';
import {
  CONTACT_FIELDS,
  type Contact,
  type ContactField,
  type ContactFields,
} from '../../../shared/documents/contact.ts';
import { contactIdForFields, enrollmentId } from '../../../shared/ids.ts';
import type { Hlc } from '../../../shared/sync/hlc.ts';
import type { OutpostDatabase } from './database.ts';
import { deviceClock } from './device.ts';
import { guardWrite } from './write-errors.ts';

export type ContactResult =
  { ok: true; contact: Contact } | { ok: false; problems: FieldProblem[] };

function stampAll(stamp: Hlc): Record<string, Hlc> {
  return Object.fromEntries(CONTACT_FIELDS.map((field) => [field, stamp]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Creates a contact; a deleted contact with the same identity comes back instead of a duplicate. */
export async function createContact(
  db: OutpostDatabase,
  input: Partial<ContactFields>,
  source: Contact['source'] = { kind: 'manual', importId: null, label: 'Added by hand' },
): Promise<ContactResult> {
  const prepared = prepareContactFields(input);
  if (!prepared.ok) return prepared;
  const id = contactIdForFields(prepared.fields);
  const existing = await db.contacts.findOne(id).exec();
  if (existing) {
    const { email, linkedinUrl } = prepared.fields;
    return {
      ok: false,
      problems: email
        ? [{ field: 'email', message: `${email} is already a contact` }]
        : [{ field: 'linkedinUrl', message: `${linkedinUrl} is already a contact` }],
    };
  }
  const now = new Date().toISOString();
  const contact: Contact = {
    ...prepared.fields,
    id,
    source,
    createdAt: now,
    updatedAt: now,
    mergedInto: null,
    clock: stampAll(deviceClock().now()),
  };
  // upsert, not insert: a soft-deleted document with this id is revived, not a conflict.
  await guardWrite(() => db.contacts.upsert(contact));
  return { ok: true, contact };
}

/**
 * Applies an edit. Only fields whose value changed get a new clock stamp, so a concurrent edit
 * of another field on another device survives the merge. A changed email moves the contact to
 * the id of the new email (see moveToNewEmail).
 */
export async function updateContact(
  db: OutpostDatabase,
  id: string,
  patch: Partial<ContactFields>,
): Promise<ContactResult> {
  const doc = await db.contacts.findOne(id).exec();
  if (!doc)
    return {
      ok: false,
      problems: [{ field: 'contact', message: 'This contact no longer exists' }],
    };
  const current = doc.toMutableJSON();
  const prepared = prepareContactFields({ ...pickFields(current), ...patch });
  if (!prepared.ok) return prepared;
  const changed = CONTACT_FIELDS.filter(
    (field) => !sameValue(current[field], prepared.fields[field]),
  );
  if (changed.length === 0) return { ok: true, contact: current };
  if (prepared.fields.email !== current.email && prepared.fields.email !== null) {
    return moveToNewEmail(db, current, prepared.fields, changed);
  }
  const stamp = deviceClock().now();
  const next: Contact = {
    ...current,
    ...prepared.fields,
    updatedAt: new Date().toISOString(),
    clock: { ...current.clock, ...Object.fromEntries(changed.map((field) => [field, stamp])) },
  };
  await guardWrite(() => doc.incrementalPatch(stripId(next)));
  return { ok: true, contact: next };
}

/**
 * Identity is the email (architecture.md): a new email means the contact id of that email. The
 * edited values go there (merged into an existing contact with that email, edited values win),
 * enrollments follow, and the old id stays as a deleted tombstone pointing to the new one.
 */
async function moveToNewEmail(
  db: OutpostDatabase,
  current: Contact,
  fields: ContactFields,
  changed: ContactField[],
): Promise<ContactResult> {
  const targetId = contactIdForFields(fields);
  const target = await db.contacts.findOne(targetId).exec();
  const stamp = deviceClock().now();
  const now = new Date().toISOString();
  const base = target?.toMutableJSON();
  const merged: Contact = {
    ...fields,
    ...(base ? fillEmpty(fields, base) : {}),
    id: targetId,
    source: base?.source ?? current.source,
    createdAt: base?.createdAt ?? current.createdAt,
    updatedAt: now,
    mergedInto: null,
    clock: {
      ...current.clock,
      ...base?.clock,
      ...Object.fromEntries(changed.map((f) => [f, stamp])),
    },
  };
  await guardWrite(async () => {
    await db.contacts.upsert(merged);
    const enrollments = await db.enrollments.find({ selector: { contactId: current.id } }).exec();
    await db.enrollments.bulkUpsert(
      enrollments.map((e) => ({
        ...e.toMutableJSON(),
        id: enrollmentId(e.campaignId, targetId),
        contactId: targetId,
        updatedAt: now,
      })),
    );
    await db.enrollments.bulkRemove(enrollments.map((e) => e.id));
    const old = await db.contacts.findOne(current.id).exec();
    await old?.incrementalPatch({ mergedInto: targetId, updatedAt: now });
    await old?.incrementalRemove();
  });
  return { ok: true, contact: merged };
}

/** Soft delete: the documents are marked deleted and replicate as deletions. */
export async function deleteContacts(db: OutpostDatabase, ids: readonly string[]): Promise<void> {
  await guardWrite(() => db.contacts.bulkRemove([...ids]));
}

/** Adds tags to many contacts, stamping only the tags field of the ones that change. */
export async function addTags(
  db: OutpostDatabase,
  ids: readonly string[],
  tags: readonly string[],
): Promise<number> {
  return editTags(db, ids, (current) => [...current, ...tags]);
}

export async function removeTags(
  db: OutpostDatabase,
  ids: readonly string[],
  tags: readonly string[],
): Promise<number> {
  const drop = new Set(tags.map((t) => t.toLowerCase()));
  return editTags(db, ids, (current) => current.filter((t) => !drop.has(t.toLowerCase())));
}

async function editTags(
  db: OutpostDatabase,
  ids: readonly string[],
  edit: (current: string[]) => string[],
): Promise<number> {
  const docs = await db.contacts.findByIds([...ids]).exec();
  const stamp = deviceClock().now();
  const now = new Date().toISOString();
  const changed: Contact[] = [];
  for (const doc of docs.values()) {
    const current = doc.toMutableJSON();
    const prepared = prepareContactFields({ ...pickFields(current), tags: edit(current.tags) });
    if (!prepared.ok || sameValue(prepared.fields.tags, current.tags)) continue;
    changed.push({
      ...current,
      tags: prepared.fields.tags,
      updatedAt: now,
      clock: { ...current.clock, tags: stamp },
    });
  }
  await guardWrite(() => db.contacts.bulkUpsert(changed));
  return changed.length;
}

function pickFields(contact: Contact): ContactFields {
  return Object.fromEntries(CONTACT_FIELDS.map((f) => [f, contact[f]])) as ContactFields;
}

function stripId({ id: _id, ...rest }: Contact): Omit<Contact, 'id'> {
  return rest;
}

/** Values of `fields` where set, the other contact's where `fields` left them empty. */
function fillEmpty(fields: ContactFields, other: Contact): Partial<ContactFields> {
  const out: Partial<ContactFields> = {};
  for (const field of CONTACT_FIELDS) {
    const mine = fields[field];
    const empty = mine === '' || mine === null || (Array.isArray(mine) && mine.length === 0);
    (out as Record<string, unknown>)[field] = empty ? other[field] : mine;
  }
  out.tags = [...new Set([...other.tags, ...fields.tags])];
  out.custom = { ...other.custom, ...fields.custom };
  return out;
}
