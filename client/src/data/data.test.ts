import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { normalizeLinkedinUrl } from '../../../shared/contacts/normalize.ts';
import { contactIdForEmail, contactIdForLinkedin, enrollmentId } from '../../../shared/ids.ts';
import { compareHlc, createHlcClock } from '../../../shared/sync/hlc.ts';
import { openTestDatabase } from '../test/database.ts';
import { createCampaign, enroll, unenroll, updateCampaign } from './campaigns.ts';
import { addTags, createContact, deleteContacts, removeTags, updateContact } from './contacts.ts';
import { ContactsIndex, EMPTY_QUERY } from './contacts-index.ts';
import type { OutpostDatabase } from './database.ts';
import { mirrorIntoIndex } from './live-index.ts';
import { setDeviceClock } from './device.ts';

let db: OutpostDatabase;
let wall = 1_000;

beforeEach(async () => {
  setDeviceClock(createHlcClock('test-device', () => wall++));
  db = await openTestDatabase();
});
afterEach(async () => {
  await db.close();
});

describe('contacts', () => {
  test('a contact is keyed by its normalized email and stamped field by field', async () => {
    const result = await createContact(db, { email: ' Ann@Example.com', firstName: 'Ann' });
    expect(result.ok).toBe(true);
    const id = contactIdForEmail('ann@example.com');
    const stored = await db.contacts.findOne(id).exec();
    expect(stored?.email).toBe('ann@example.com');
    expect(Object.keys(stored!.clock)).toContain('firstName');
  });

  test('an invalid email is refused with a message and nothing is saved', async () => {
    const result = await createContact(db, { email: 'bob@@acme.com' });
    expect(result).toMatchObject({ ok: false, problems: [{ field: 'email' }] });
    expect(await db.contacts.count().exec()).toBe(0);
  });

  test('the same email twice is one contact', async () => {
    await createContact(db, { email: 'ann@example.com' });
    const again = await createContact(db, { email: 'ANN@example.com ' });
    expect(again).toMatchObject({ ok: false, problems: [{ field: 'email' }] });
    expect(await db.contacts.count().exec()).toBe(1);
  });

  test('a contact without email takes the id of its LinkedIn URL, as an import would', async () => {
    const result = await createContact(db, { linkedinUrl: 'https://www.linkedin.com/in/ann' });
    const id = contactIdForLinkedin(normalizeLinkedinUrl('https://www.linkedin.com/in/ann'));
    expect(result.ok && result.contact.id).toBe(id);
    const again = await createContact(db, { linkedinUrl: 'linkedin.com/in/ann/' });
    expect(again).toMatchObject({ ok: false, problems: [{ field: 'linkedinUrl' }] });
    expect(await db.contacts.count().exec()).toBe(1);
    expect(await createContact(db, { firstName: 'Nobody' })).toMatchObject({ ok: false });
  });

  test('an edit stamps only the fields it changed', async () => {
    const created = await createContact(db, {
      email: 'ann@example.com',
      firstName: 'Ann',
      title: 'CTO',
    });
    if (!created.ok) throw new Error('not created');
    const before = created.contact.clock;
    const updated = await updateContact(db, created.contact.id, { title: 'CEO', firstName: 'Ann' });
    if (!updated.ok) throw new Error('not updated');
    expect(compareHlc(updated.contact.clock.title!, before.title!)).toBe(1);
    expect(updated.contact.clock.firstName).toBe(before.firstName);
    expect((await db.contacts.findOne(created.contact.id).exec())?.title).toBe('CEO');
  });

  test('an invalid edit is refused and the stored contact is unchanged', async () => {
    const created = await createContact(db, { email: 'ann@example.com' });
    if (!created.ok) throw new Error('not created');
    const result = await updateContact(db, created.contact.id, { email: 'not an email' });
    expect(result.ok).toBe(false);
    expect((await db.contacts.findOne(created.contact.id).exec())?.email).toBe('ann@example.com');
  });

  test('a new email moves the contact to that email’s id, leaving a tombstone; enrollments follow', async () => {
    const created = await createContact(db, { email: 'ann@old.com', firstName: 'Ann' });
    const campaign = await createCampaign(db, 'Spring');
    if (!created.ok || !campaign.ok) throw new Error('setup failed');
    await enroll(db, campaign.campaign.id, [created.contact.id]);

    const moved = await updateContact(db, created.contact.id, { email: 'ann@new.com' });
    const newId = contactIdForEmail('ann@new.com');
    expect(moved.ok && moved.contact.id).toBe(newId);
    expect((await db.contacts.findOne(newId).exec())?.firstName).toBe('Ann');
    expect(await db.contacts.findOne(created.contact.id).exec()).toBeNull();
    const [tombstone] = await db.contacts.storageInstance.findDocumentsById(
      [created.contact.id],
      true,
    );
    expect(tombstone).toMatchObject({ _deleted: true, mergedInto: newId });
    const enrollments = await db.enrollments.find().exec();
    expect(enrollments.map((e) => e.id)).toEqual([enrollmentId(campaign.campaign.id, newId)]);
  });

  test('delete is soft: the document stays, marked deleted, to replicate', async () => {
    const created = await createContact(db, { email: 'ann@example.com' });
    if (!created.ok) throw new Error('not created');
    await deleteContacts(db, [created.contact.id]);
    expect(await db.contacts.count().exec()).toBe(0);
    const [stored] = await db.contacts.storageInstance.findDocumentsById(
      [created.contact.id],
      true,
    );
    expect(stored?._deleted).toBe(true);
    // Creating it again revives the same id.
    expect((await createContact(db, { email: 'ann@example.com' })).ok).toBe(true);
    expect(await db.contacts.count().exec()).toBe(1);
  });

  test('bulk tags: added once regardless of case, removed, only changed contacts written', async () => {
    const a = await createContact(db, { email: 'a@x.co' });
    const b = await createContact(db, { email: 'b@x.co', tags: ['VIP'] });
    if (!a.ok || !b.ok) throw new Error('setup failed');
    expect(await addTags(db, [a.contact.id, b.contact.id], ['vip'])).toBe(1);
    expect((await db.contacts.findOne(a.contact.id).exec())?.tags).toEqual(['vip']);
    expect(await removeTags(db, [a.contact.id, b.contact.id], ['VIP'])).toBe(2);
  });
});

describe('campaigns and enrollments', () => {
  test('enrolling the same contact twice is one enrollment', async () => {
    const contact = await createContact(db, { email: 'ann@example.com' });
    const campaign = await createCampaign(db, 'Spring', 'cam_123');
    if (!contact.ok || !campaign.ok) throw new Error('setup failed');
    expect(await enroll(db, campaign.campaign.id, [contact.contact.id, contact.contact.id])).toBe(
      1,
    );
    expect(await enroll(db, campaign.campaign.id, [contact.contact.id])).toBe(0);
    expect(await db.enrollments.count().exec()).toBe(1);
  });

  test('two devices enrolling offline write the same document id', async () => {
    const other = await openTestDatabase();
    try {
      const campaignId = 'cp_shared';
      const contactId = contactIdForEmail('ann@example.com');
      await enroll(db, campaignId, [contactId]);
      await enroll(other, campaignId, [contactId]);
      const [mine] = await db.enrollments.find().exec();
      const [theirs] = await other.enrollments.find().exec();
      expect(mine?.id).toBe(theirs?.id);
    } finally {
      await other.close();
    }
  });

  test('unenroll then enroll again revives the one enrollment', async () => {
    await enroll(db, 'cp_1', ['c_1']);
    await unenroll(db, 'cp_1', ['c_1']);
    expect(await db.enrollments.count().exec()).toBe(0);
    expect(await enroll(db, 'cp_1', ['c_1'])).toBe(1);
    expect(await db.enrollments.count().exec()).toBe(1);
  });

  test('campaign validation and rename', async () => {
    expect(await createCampaign(db, '  ')).toMatchObject({ ok: false });
    expect(await createCampaign(db, 'X', 'not an id!')).toMatchObject({ ok: false });
    const created = await createCampaign(db, 'Spring');
    if (!created.ok) throw new Error('not created');
    const renamed = await updateCampaign(db, created.campaign.id, {
      name: 'Summer',
      archived: true,
    });
    expect(renamed).toMatchObject({ ok: true, campaign: { name: 'Summer', archived: true } });
  });
});

describe('the in-memory contacts index', () => {
  test('mirrors the database: existing contacts, later writes and deletes, never deleted ones', async () => {
    const a = await createContact(db, { email: 'a@x.co', firstName: 'Ann', country: 'France' });
    const gone = await createContact(db, { email: 'gone@x.co' });
    if (!a.ok || !gone.ok) throw new Error('setup failed');
    await deleteContacts(db, [gone.contact.id]);

    const index = new ContactsIndex();
    const stop = await mirrorIntoIndex(db, index);
    expect(index.size).toBe(1);
    expect(index.get(a.contact.id)?.firstName).toBe('Ann');

    const b = await createContact(db, { email: 'b@x.co', firstName: 'Björn', country: 'Germany' });
    if (!b.ok) throw new Error('setup failed');
    await updateContact(db, a.contact.id, { firstName: 'Anna' });
    await vi.waitFor(() => expect(index.get(a.contact.id)?.firstName).toBe('Anna'));
    expect(index.size).toBe(2);
    expect(index.query({ ...EMPTY_QUERY, search: 'bjorn' })).toEqual([b.contact.id]);
    expect(index.query({ ...EMPTY_QUERY, filters: { countries: ['France'] } })).toEqual([
      a.contact.id,
    ]);

    await deleteContacts(db, [a.contact.id]);
    await vi.waitFor(() => expect(index.size).toBe(1));
    stop();
  });
});
