/** Where the party module serves its records' photos (each route checks who may see the record). */

/** A 双报到 service record's photo: for its claimant and the party workers of its community. */
export const servicePhotoUrl = (claimId: number, photoId: number) => `/api/party/reportin/claims/${claimId}/photos/${photoId}`;

/** A household visit's photo (a problem's are its ticket's): for the household's carer and the party workers in scope. */
export const visitPhotoUrl = (visitId: number, photoId: number) => `/api/party/households/visits/${visitId}/photos/${photoId}`;

/** A pledge's fulfilment entry's photo: for those who see the pledge (never on the public board). */
export const fulfilmentPhotoUrl = (fulfilmentId: number, photoId: number) => `/api/party/pledge-fulfilments/${fulfilmentId}/photos/${photoId}`;
