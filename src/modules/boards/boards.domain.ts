/** Pure rules and values of door boards (楼门院, 四公示一门牌). */

/** A person named on a building-door board (楼门长, 网格员, 党员中心户…): role and name, phone optional. */
export interface BoardPerson {
  role: string;
  name: string;
  phone?: string;
}
