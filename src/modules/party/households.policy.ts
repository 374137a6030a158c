/**
 * 党员包户: who may do what (rules of the party module's policy, `party.households*`). Party workers keep
 * the households of the communities in their scope (a community's worker, a street's, the district's):
 * they register doors from the door boards, link the member who looks after each, mark the model
 * household of a building and the model building of an area, and may log visits and checks too. A member
 * whose account is linked records visits and waste-sorting checks for the households they look after.
 * docs/PARTY.md, "党员包户".
 */
import type { PolicyRule } from '../../engine/policy.ts';

const WORKERS = 'party workers: the communities in their scope (district, street or community)';

export const HOUSEHOLD_RULES = {
  /** A community's households by building, their carers (masked), model flags, and the month's figures. */
  householdsRead: { roles: ['party_worker'], scope: WORKERS },
  /** Registering and retiring households, linking carers and holders' accounts, model households and buildings. */
  householdsManage: { roles: ['party_worker'], scope: WORKERS },
  /** The households a member looks after (我的包户), on the phone. */
  householdsSelf: { roles: ['resident'], scope: 'the member linked to the account' },
  /** A household's visits and checks, and recording them: its carer (the member linked to the account), or a party worker in scope. */
  householdsRecord: {
    roles: ['resident', 'party_worker'],
    scope: 'the household’s current carer (the member linked to the account); party workers in scope of its community',
  },
} satisfies Record<string, PolicyRule>;
