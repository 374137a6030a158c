/** The requester's pages need no account: a request is found by its number and query code. See src/engine/policy.ts. */
import { definePolicy } from '../../engine/policy.ts';

export const PUBLIC_POLICY = definePolicy('public', {
  submit: { roles: 'public' },
  track: { roles: 'public', scope: 'the request’s number with its six-digit query code (guesses throttled)' },
  rate: { roles: 'public', scope: 'the request’s number with its query code, once, while it is replied' },
  reference: { roles: 'public' },
});
