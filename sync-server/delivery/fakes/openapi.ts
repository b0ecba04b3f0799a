import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { REPO_ROOT } from '../../config.ts';

// ajv comes with rxdb (a runtime dependency); CommonJS, so loaded through require.
const require = createRequire(import.meta.url);
const { default: Ajv } = require('ajv') as typeof import('ajv');
const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');

/** The provider API descriptions the project was given (crm-contracts.md). */
export const REFERENCE_DIR = join(REPO_ROOT, '..', 'shared', 'reference');
export const OPENAPI_FILES = {
  hubspot: 'hubspot/contacts-v3.openapi.json',
  lemlist: 'lemlist/lemlist.openapi.json',
  explorium: 'explorium/explorium.openapi.json',
} as const;

interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, { content?: Record<string, { schema?: object }> }> };
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: object }> };
  responses?: Record<string, { content?: Record<string, { schema?: object }>; $ref?: string }>;
}

/**
 * Validates requests and responses against an OpenAPI document: the fakes check every request
 * they receive (is the connector speaking the API?) and every answer they give (is the fake?).
 * OpenAPI 3.0's `nullable` and `example` are JSON Schema extensions ajv tolerates with
 * strict off; the documents' regexes are written for non-unicode mode.
 */
export class OpenApiValidator {
  readonly doc: OpenApiDoc;
  readonly #ajv;
  readonly #compiled = new Map<string, ValidateFunction>();
  readonly #templates: { template: string; pattern: RegExp }[];

  constructor(file: string) {
    this.doc = JSON.parse(readFileSync(join(REFERENCE_DIR, file), 'utf8'), (key, value: unknown) =>
      // Python's inline (?i) (Explorium's ticker pattern) is not JavaScript: matched as written.
      key === 'pattern' && typeof value === 'string' ? value.replace(/^\(\?i\)/, '') : value,
    );
    this.#ajv = new Ajv({
      strict: false,
      allErrors: false,
      unicodeRegExp: false,
      validateFormats: true,
    });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...this.doc, $id: 'doc' } as object);
    this.#templates = Object.keys(this.doc.paths).map((template) => ({
      template,
      pattern: new RegExp(
        `^${template
          .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
          .replace(/\{[^}]+\}/g, '[^/]+')
          .replace(/\/$/, '')}/?$`,
      ),
    }));
  }

  /** Compiles the schemas of these operations now, so the first request is not slow. */
  warm(operations: readonly { method: string; path: string; statuses: number[] }[]): void {
    for (const { method, path, statuses } of operations) {
      this.checkRequest(method, path, {});
      for (const status of statuses)
        this.checkResponse(method, path, status, 'application/json', {});
    }
  }

  /** The documented path templates with `method` that match a concrete path. */
  operations(method: string, path: string): { template: string; operation: Operation }[] {
    const m = method.toLowerCase();
    return this.#templates
      .filter((t) => t.pattern.test(path) && this.doc.paths[t.template]?.[m])
      .map((t) => ({ template: t.template, operation: this.doc.paths[t.template]![m]! }));
  }

  #validator(pointer: string): ValidateFunction {
    let fn = this.#compiled.get(pointer);
    if (!fn) {
      fn = this.#ajv.compile({ $ref: `doc#${pointer}` });
      this.#compiled.set(pointer, fn);
    }
    return fn;
  }

  #check(pointer: string, value: unknown): string | null {
    const fn = this.#validator(pointer);
    if (fn(value)) return null;
    return this.#ajv.errorsText(fn.errors, { dataVar: 'body' });
  }

  /** Null when the request is documented and its JSON body (if any) matches; else why not. */
  checkRequest(method: string, path: string, body: unknown): string | null {
    const ops = this.operations(method, path);
    if (ops.length === 0) return `${method} ${path} is not in the API description`;
    const problems: string[] = [];
    for (const { template, operation } of ops) {
      const json = operation.requestBody?.content?.['application/json'];
      if (!json?.schema) return null;
      const pointer = `/paths/${escape(template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
      const problem = this.#check(pointer, body);
      if (problem === null) return null;
      problems.push(problem);
    }
    return problems.join('; ');
  }

  /** Checks an answer against the documented response for its status (or `default`). */
  checkResponse(
    method: string,
    path: string,
    status: number,
    contentType: string,
    body: unknown,
  ): string | null {
    const ops = this.operations(method, path);
    if (ops.length === 0) return `${method} ${path} is not in the API description`;
    const problems: string[] = [];
    for (const { template, operation } of ops) {
      const key = operation.responses?.[String(status)] ? String(status) : 'default';
      const response = operation.responses?.[key];
      // Statuses the document does not list (429 on Lemlist, ...) come from crm-contracts.md.
      if (!response) return null;
      let pointer = `/paths/${escape(template)}/${method.toLowerCase()}/responses/${key}`;
      let content = response.content;
      if (response.$ref) {
        pointer = response.$ref.slice(1);
        const name = response.$ref.split('/').pop()!;
        content = this.doc.components?.responses?.[name]?.content;
      }
      const media = Object.keys(content ?? {});
      if (media.length === 0) return null;
      if (!contentType.startsWith('application/json')) {
        if (media.some((m) => m === '*/*' || contentType.startsWith(m))) return null;
        problems.push(`content type ${contentType} is not one of ${media.join(', ')}`);
        continue;
      }
      const type = media.find((m) => m === 'application/json' || m === '*/*')!;
      const problem = this.#check(`${pointer}/content/${escape(type)}/schema`, body);
      if (problem === null) return null;
      problems.push(problem);
    }
    return problems.join('; ');
  }
}

/** JSON Pointer escaping of one segment. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
