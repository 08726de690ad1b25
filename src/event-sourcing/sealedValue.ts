import { ValidationError } from '../core/ValidationError.js';
import { type WebCryptoKey, web } from './webCrypto.js';

/**
 * A personal value as it is stored: AES-256-GCM ciphertext (with its 128-bit tag) of the value's
 * JSON, under a random 96-bit IV, and the id of the subject whose key sealed it. @internal
 */
export interface SealedValue {
  readonly $sealed: 'aes-256-gcm';
  readonly subject: string;
  readonly iv: string;
  readonly data: string;
}

/** The largest ciphertext (base64 characters) a stored value may hold: 16 MiB. */
const MAX_DATA = 16 * 1024 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Tells whether a stored value is a sealed one (its shape only; {@link openValue} checks the rest). @internal */
export const isSealed = (value: unknown): value is SealedValue =>
  typeof value === 'object' && value !== null && (value as { $sealed?: unknown }).$sealed === 'aes-256-gcm';

/** A subject's key, imported for AES-GCM. @internal */
export type SubjectKey = WebCryptoKey;

/** Imports a subject's 32 raw key bytes for AES-GCM. @internal */
export const importKey = (raw: Uint8Array): Promise<SubjectKey> =>
  web.crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

const encoder = /*@__PURE__*/ new web.TextEncoder();
const decoder = /*@__PURE__*/ new web.TextDecoder('utf-8', { fatal: true });

/**
 * Encrypts a JSON value with a subject's key; `context` (the event id and field path) is bound to
 * the ciphertext as additional data, so a sealed value moved to another event or field no longer
 * opens. @internal
 */
export async function sealValue(
  value: unknown,
  key: SubjectKey,
  subject: string,
  context: string,
): Promise<SealedValue> {
  const iv = web.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const data = await web.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(JSON.stringify(value)),
  );
  return { $sealed: 'aes-256-gcm', subject, iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

/**
 * Decrypts a sealed value back to its JSON value.
 *
 * @throws {@link ValidationError} (`invalid_ciphertext`) when the envelope is malformed, too large,
 *   tampered with, or sealed for another event or field.
 */
export async function openValue(
  sealed: SealedValue,
  key: SubjectKey,
  context: string,
  subject: string,
  field: string,
): Promise<unknown> {
  const refuse = (message: string, cause?: unknown): ValidationError =>
    new ValidationError(
      subject,
      [{ path: field.split('.'), field, rule: 'invalid_ciphertext', message }],
      cause === undefined ? undefined : { cause },
    );
  if (typeof sealed.iv !== 'string' || typeof sealed.data !== 'string') throw refuse('the sealed value is malformed');
  if (sealed.data.length > MAX_DATA) throw refuse('the sealed value is too large');
  let iv: Uint8Array;
  let data: Uint8Array;
  try {
    iv = fromBase64(sealed.iv);
    data = fromBase64(sealed.data);
  } catch (error) {
    throw refuse('the sealed value is not base64', error);
  }
  if (iv.length !== IV_BYTES || data.length < TAG_BYTES) throw refuse('the sealed value has a wrong size');
  let plain: ArrayBuffer;
  try {
    plain = await web.crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: iv, additionalData: encoder.encode(context) },
      key,
      data,
    );
  } catch (error) {
    throw refuse('the sealed value does not decrypt: tampered with, or sealed elsewhere', error);
  }
  try {
    return JSON.parse(decoder.decode(plain)) as unknown;
  } catch (error) {
    throw refuse('the sealed value does not hold JSON', error);
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return web.btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = web.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
