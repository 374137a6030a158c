/** Where the party module serves its records' photos (each route checks who may see the record). */

/** A 双报到 service record's photo: for its claimant and the party workers of its community. */
export const servicePhotoUrl = (claimId: number, photoId: number) => `/api/party/reportin/claims/${claimId}/photos/${photoId}`;
