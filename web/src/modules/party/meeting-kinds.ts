/** 三会一课 and 主题党日: the kinds in their order and a colour each (the calendar, the compliance page, /m/party). */
export const MEETING_KINDS = ['member_assembly', 'committee', 'group', 'lecture', 'theme_day'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const KIND_COLOURS: Record<MeetingKind, string> = { member_assembly: 'red', committee: 'volcano', group: 'blue', lecture: 'purple', theme_day: 'green' };
