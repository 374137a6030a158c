/** 中文：网格上报页面。 */
export const gridZhCN = {
  'nav.gridReport': '网格上报',
  'grid.grid': '网格',
  'grid.category': '问题类别',
  'grid.description': '问题描述',
  'grid.photo': '现场照片',
  'grid.position': '使用我的位置',
  'grid.positionSet': '已定位 {lat}, {lng}',
  'grid.submit': '上报',
  'grid.submitted': '已上报，工单号 {number}',
  'grid.mine': '我的上报',
};
