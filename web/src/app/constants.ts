export const APP_TITLE = '法治政府建设综合管理平台';
export const APP_SUBTITLE = 'Fazhi 法治';
export const DEMO_TEXT = '演示数据：本系统当前运行在演示模式，所有人员与案件均为虚构';
