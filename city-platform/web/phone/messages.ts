/** The phone page's words: Simplified Chinese, then English with the same keys. */
import type { Words } from '../shared/i18n.ts';

export const zhCN = {
  title: '哪里排队最短',
  pick: '选择要办的事项',
  choose: '请选择…',
  none: '现在没有在线的大厅办理这项业务',
  waiting: '{n} 人等候',
  windows: '{n} 个窗口',
  estimate: '约 {n} 分钟',
  updated: '更新于 {time}',
  refresh: '刷新',
  failed: '暂时无法获取（{code}），稍后自动重试',
  busy: '请求太频繁，{s} 秒后再试',
};

export const en: Words<typeof zhCN> = {
  title: 'Shortest queue now',
  pick: 'What do you need to do?',
  choose: 'Choose…',
  none: 'No hall open now offers this service',
  waiting: '{n} waiting',
  windows: '{n} windows',
  estimate: 'about {n} min',
  updated: 'Updated {time}',
  refresh: 'Refresh',
  failed: 'Not available right now ({code}); trying again shortly',
  busy: 'Too many requests; try again in {s} s',
};
