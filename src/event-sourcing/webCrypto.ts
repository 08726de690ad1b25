/** An AES-GCM key imported with WebCrypto (opaque). @internal */
export interface WebCryptoKey {
  readonly type: string;
}

interface AesGcmParams {
  readonly name: 'AES-GCM';
  readonly iv: Uint8Array;
  readonly additionalData: Uint8Array;
}

/**
 * The part of the WebCrypto, text-encoding and base64 globals crypto-shredding uses (Node 20+,
 * Deno, Bun and browsers have them), typed here so that the library needs neither the DOM nor the
 * Node type libraries. @internal
 */
interface Globals {
  readonly crypto: {
    getRandomValues<T extends Uint8Array>(array: T): T;
    randomUUID(): string;
    readonly subtle: {
      importKey(
        format: 'raw',
        key: Uint8Array,
        algorithm: 'AES-GCM',
        extractable: false,
        usages: readonly string[],
      ): Promise<WebCryptoKey>;
      encrypt(algorithm: AesGcmParams, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
      decrypt(algorithm: AesGcmParams, key: WebCryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
    };
  };
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new (label: 'utf-8', options: { fatal: true }) => { decode(bytes: ArrayBuffer): string };
  btoa(binary: string): string;
  atob(base64: string): string;
}

/** The WebCrypto and encoding globals, typed. @internal */
export const web = globalThis as unknown as Globals;
