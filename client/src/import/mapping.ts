import type { ContactField } from '../../../shared/documents/contact.ts';

/**
 * Where each column of a file goes. A contact field, `custom` (kept under the header's name in
 * the contact's custom fields), `notes` (appended to the notes as "Header: value") or `skip`.
 */
export type MappedField = Exclude<ContactField, 'custom'>;
export type ColumnTarget = MappedField | 'custom' | 'notes-append' | 'skip';
export type ColumnMapping = ColumnTarget[];

export const FIELD_LABELS: Record<MappedField, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  title: 'Job title',
  seniority: 'Seniority',
  phone: 'Phone',
  country: 'Country',
  industry: 'Industry',
  companySize: 'Company size',
  website: 'Website',
  linkedinUrl: 'LinkedIn URL',
  notes: 'Notes',
  tags: 'Tags',
};

/** The header our own rejected-rows file adds; it is never imported. */
export const REASON_HEADER = 'Outpost rejection reason';

/**
 * Header spellings of HubSpot, Apollo, Sales Navigator tools (Evaboot, Phantombuster, ...),
 * Salesforce and Excel in English, French, German and Spanish, compared folded (see headerKey).
 */
const ALIASES: Record<MappedField, readonly string[]> = {
  email: [
    'email',
    'e-mail',
    'email address',
    'e-mail address',
    'emails',
    'work email',
    'business email',
    'email 1',
    'primary email',
    'adresse e-mail',
    'adresse email',
    'courriel',
    'mail',
    'e-mail-adresse',
    'email-adresse',
    'correo',
    'correo electronico',
    'correo electrónico',
    'direccion de correo',
    'dirección de correo electrónico',
  ],
  firstName: [
    'first name',
    'firstname',
    'first',
    'given name',
    'prenom',
    'prénom',
    'vorname',
    'nombre',
    'first_name',
    'contact first name',
  ],
  lastName: [
    'last name',
    'lastname',
    'last',
    'surname',
    'family name',
    'nom',
    'nom de famille',
    'nachname',
    'familienname',
    'apellido',
    'apellidos',
    'last_name',
    'contact last name',
  ],
  company: [
    'company',
    'company name',
    'companyname',
    'account name',
    'organization',
    'organisation',
    'account',
    'societe',
    'société',
    'entreprise',
    'firma',
    'unternehmen',
    'firmenname',
    'empresa',
    'compania',
    'compañía',
    'company_name',
    'current company',
  ],
  title: [
    'title',
    'job title',
    'jobtitle',
    'position',
    'role',
    'headline',
    'fonction',
    'poste',
    'titre',
    'berufsbezeichnung',
    'titel',
    'cargo',
    'puesto',
    'job_title',
    'current title',
  ],
  seniority: [
    'seniority',
    'level',
    'seniority level',
    'niveau',
    'hierarchie',
    'senioritat',
    'seniorität',
    'antiguedad',
    'nivel',
  ],
  phone: [
    'phone',
    'phone number',
    'work direct phone',
    'mobile phone',
    'mobile',
    'direct phone',
    'corporate phone',
    'work phone',
    'business phone',
    'telephone',
    'téléphone',
    'tel',
    'portable',
    'telefon',
    'telefonnummer',
    'handy',
    'mobiltelefon',
    'telefono',
    'teléfono',
    'movil',
    'móvil',
    'phone_number',
  ],
  country: [
    'country',
    'country/region',
    'country region',
    'mailing country',
    'location',
    'pays',
    'land',
    'pais',
    'país',
    'person country',
    'company country',
  ],
  industry: [
    'industry',
    'secteur',
    "secteur d'activite",
    'secteur d’activité',
    'industrie',
    'branche',
    'sector',
    'industria',
    'company industry',
  ],
  companySize: [
    'company size',
    'employees',
    '# employees',
    'number of employees',
    'num employees',
    'employee count',
    'headcount',
    'effectif',
    'effectifs',
    'taille',
    "nombre d'employes",
    'mitarbeiter',
    'mitarbeiterzahl',
    'anzahl mitarbeiter',
    'unternehmensgrosse',
    'empleados',
    'tamano de la empresa',
    'tamaño de empresa',
    'company_size',
    'company headcount',
  ],
  website: [
    'website',
    'website url',
    'web page',
    'webpage',
    'url',
    'domain',
    'company website',
    'company domain',
    'site web',
    'site internet',
    'webseite',
    'website-url',
    'sitio web',
    'pagina web',
    'página web',
    'company_website',
  ],
  linkedinUrl: [
    'linkedin',
    'linkedin url',
    'person linkedin url',
    'linkedin profile',
    'linkedin profile url',
    'profile url',
    'linkedin-profil',
    'profil linkedin',
    'perfil de linkedin',
    'sales navigator url',
    'linkedin_url',
    'profile_url',
    'linkedinurl',
    'li profile',
  ],
  notes: [
    'notes',
    'note',
    'description',
    'comments',
    'comment',
    'remarques',
    'remarque',
    'commentaire',
    'commentaires',
    'notizen',
    'notiz',
    'bemerkungen',
    'kommentar',
    'notas',
    'comentarios',
    'observaciones',
  ],
  tags: ['tags', 'tag', 'labels', 'lists', 'étiquettes', 'etiquettes', 'schlagworte', 'etiquetas'],
};

/** Case, accents, punctuation and spacing do not matter: "E-Mail-Adresse" = "email adresse". */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9#]+/g, '');
}

const BY_KEY = new Map<string, MappedField>();
for (const [field, names] of Object.entries(ALIASES) as [MappedField, readonly string[]][]) {
  for (const name of names) if (!BY_KEY.has(headerKey(name))) BY_KEY.set(headerKey(name), field);
}

/** The field a header names, if any alias matches. */
export function fieldForHeader(header: string): MappedField | null {
  return BY_KEY.get(headerKey(header)) ?? null;
}

/**
 * A first mapping: each field goes to the first column that names it; later columns naming a
 * taken field, and columns no alias knows, become custom fields. Our own reason column is
 * skipped, so a fixed rejected-rows file imports cleanly.
 */
export function autoMap(headers: readonly string[]): ColumnMapping {
  const taken = new Set<MappedField>();
  return headers.map((header) => {
    if (headerKey(header) === headerKey(REASON_HEADER)) return 'skip';
    const field = fieldForHeader(header);
    if (!field || taken.has(field)) return 'custom';
    taken.add(field);
    return field;
  });
}

/** Names the set of headers a remembered mapping belongs to (order matters: it is by column). */
export function headerSetKey(headers: readonly string[]): string {
  return headers.map(headerKey).join('\u001f');
}

/** Whether a mapping can identify contacts: a column must go to email or LinkedIn URL. */
export function mappingProblem(mapping: ColumnMapping): string | null {
  if (!mapping.includes('email') && !mapping.includes('linkedinUrl'))
    return 'Map a column to Email or LinkedIn URL: contacts are known by one of them.';
  const counts = new Map<ColumnTarget, number>();
  for (const target of mapping) counts.set(target, (counts.get(target) ?? 0) + 1);
  for (const [target, n] of counts) {
    if (n > 1 && target !== 'custom' && target !== 'skip' && target !== 'notes-append')
      return `Two columns go to ${FIELD_LABELS[target]}; pick one.`;
  }
  return null;
}
