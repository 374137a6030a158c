/** 评星定级 and 党建品牌 — the star rating of party branches and the brand programme: staff pages, the secretary's page, the experts' blind scoring page and the public list of brands. */
import { lazy } from 'react';
import type { ModuleManifest } from '../../shell/module.ts';
import { partyRatingEn } from './messages/party-rating.en.ts';
import { partyRatingZhCN } from './messages/party-rating.zh-CN.ts';

declare module '../../shell/i18n.tsx' {
  interface ModuleMessages {
    'party-rating': typeof partyRatingZhCN;
  }
}

const partyRating: ModuleManifest<'party-rating'> = {
  name: 'party-rating',
  pages: [
    { path: '/party-rating', title: 'nav.partyRating', rule: 'party.ratingRead', component: lazy(() => import('./RatingPage.tsx')) },
    { path: '/party-my-rating', title: 'nav.partyMyRating', rule: 'party.ratingMine', component: lazy(() => import('./MyBranchPage.tsx')) },
    { path: '/party-brands', title: 'nav.partyBrands', rule: 'party.brandOrganise', component: lazy(() => import('./BrandsPage.tsx')) },
    { path: '/party-brand-scoring', title: 'nav.partyBrandScoring', rule: 'party.brandScore', component: lazy(() => import('./ExpertPage.tsx')) },
  ],
  publicPages: [{ path: '/m/party-brands', component: lazy(() => import('./PublicBrandsPage.tsx')) }],
  messages: { zh: partyRatingZhCN, en: partyRatingEn },
};

export default partyRating;
