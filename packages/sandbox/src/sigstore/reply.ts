/** What a Sigstore route answers: the same shape as the `@sigstore/mock` handler results. */
export interface Reply {
  statusCode: number;
  response: string | ArrayBufferView;
  contentType?: string | undefined;
}
