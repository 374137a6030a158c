/** Who may use the engine's own routes (sign-in, reference data, tickets, actions, photos). See policy.ts. */
import { definePolicy } from './policy.ts';

const TICKET_SCOPE =
  'tickets in the user’s scope (DOMAIN-RULES §3): the centre and admins see all, a unit its own and those of the units below it; others answer 404';

export const ENGINE_POLICY = definePolicy('engine', {
  health: { roles: 'public' },
  signIn: { roles: 'public' },
  session: { roles: 'signed-in' },
  readReference: { roles: 'signed-in' },
  intake: { roles: ['operator', 'centre_supervisor'] },
  readTickets: { roles: 'signed-in', scope: TICKET_SCOPE },
  suggestRouting: { roles: 'signed-in' },
  revealRequester: { roles: 'signed-in', scope: 'the centre and the units handling the ticket; every reveal is recorded with its reason' },
  act: { roles: 'signed-in', scope: 'the parties the transition table names for the ticket’s state and kind (allowedActions)' },
  uploadPhoto: { roles: 'signed-in' },
  uploadPublicPhoto: { roles: 'public' },
  attachPhoto: { roles: 'signed-in', scope: 'the centre and the units handling the ticket' },
  readPhotos: { roles: 'signed-in', scope: TICKET_SCOPE },
});
