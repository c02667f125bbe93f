/** GB 3304 nation codes as stored on resident cards, with the names printed on the card. */
const NAMES = [
  '汉',
  '蒙古',
  '回',
  '藏',
  '维吾尔',
  '苗',
  '彝',
  '壮',
  '布依',
  '朝鲜',
  '满',
  '侗',
  '瑶',
  '白',
  '土家',
  '哈尼',
  '哈萨克',
  '傣',
  '黎',
  '傈僳',
  '佤',
  '畲',
  '高山',
  '拉祜',
  '水',
  '东乡',
  '纳西',
  '景颇',
  '柯尔克孜',
  '土',
  '达斡尔',
  '仫佬',
  '羌',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '塔吉克',
  '怒',
  '乌孜别克',
  '俄罗斯',
  '鄂温克',
  '德昂',
  '保安',
  '裕固',
  '京',
  '塔塔尔',
  '独龙',
  '鄂伦春',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
];

/** The 56 nations, code `01`…`56` → name. */
export const NATIONS: ReadonlyMap<string, string> = new Map(NAMES.map((name, i) => [String(i + 1).padStart(2, '0'), name]));

/** Codes GB 3304 adds beyond the 56 nations; they do appear on real cards. */
export const OTHER_NATION_CODES: ReadonlyMap<string, string> = new Map([
  ['97', '其他'],
  ['98', '外国血统中国籍人士'],
]);

export function nationName(code: string): string | undefined {
  return NATIONS.get(code) ?? OTHER_NATION_CODES.get(code);
}

export function nationCode(name: string): string | undefined {
  for (const [code, n] of NATIONS) if (n === name) return code;
  for (const [code, n] of OTHER_NATION_CODES) if (n === name) return code;
  return undefined;
}
