/**
 * Pass 1 — bytes to text. Detects UTF-8 (with/without BOM), UTF-16 LE/BE,
 * GB18030/GBK and Big5, repairs UTF-8-read-as-GBK/Latin-1 mojibake, and
 * reports what it could not decode with the byte offset instead of throwing.
 */
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5' | 'binary' | 'empty';

export interface DecodeIssue {
  /** 0-based byte offset in the file, when the issue has one. */
  byte?: number;
  message: string;
}

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** Set when mojibake was repaired: which wrong reading was undone. */
  repairedFrom?: string;
  issues: DecodeIssue[];
}

/**
 * The most frequent Han characters in modern news prose. Scoring candidate
 * decodings by how much of the text falls in this set tells GBK from Big5 and
 * real text from mojibake, which decodes to rare characters.
 */
export const COMMON_HAN: ReadonlySet<string> = new Set(
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趋慈乔阅汗枝拖墨胁插箭腊粉泥氏彭拔骗凤慧媒佩愤扑龄驱惜豪掩兼跃尸肃帕驶堡届欣惠册储飘桑闲惨洁踪勃宾频仇磨递邪撞拟滚奏巡颜剂绩贡疯坡瞧截燃焦殿伪柳锁逼颇昏劝呈搜勤戒驾漂饮曹朵仔柔俩孟腐幼践籍牧凉牲佳娜浓芳稿竹腹跌逻垂遵脉貌柏狱猜怜惑陶兽帐饰贷昌叙躺钢沟寄扶铺邓寿惧询汤盗肥尝匆辉奈扣廷澳嘛董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲晋紫艰魏吾慌祝邮吐狠鉴曰械咬邻赤挤弯椅陪割揭韦悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂蛇贺柱抛鼠瑟戈牢逊迈欺吨琴衰瓶恼燕仲诱狼池疼卢仗冠粒遥吕玄尘冯抚浅敦纠钻晶岂峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽哀宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲叛遣兹祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏癌肚隶履涨耀扭坛拨沃绘伐堪仆郭牺歼墓雇廉契拼惩捉覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟斥宅添挖呵讼氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠哩函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填饲渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑奸扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟猩遂狭肖甜霜驳裕顽於摘矮秒卿畜咽披辅勾盆疆赌塑畏吵囊嗯泊肺骤缠冈羞瞪吊贾漏斑涛悠鹿俘锡卑葬铭滩嫁催璇翅盒蛮矣潘歧赐鲍锅廊拆灌勉盲宰佐啥胀扯禧辽抹筒棋裤唉朴咐孕誓喉妄拘链驰栏逝窃艳臭纤玑棵趁匠盈翁愁瞬婴孝颈倘浙谅蔽畅赠妮莎尉冻跪闯葡後厨鸭颠遮谊圳吁仑辟瘤嫂陀框谭亨钦庸歉芝吼甫衫摊宴嘱衷娇陕矩浦讶耸裸碧摧薪淋耻胶屠鹅饥盼脖虹翠崩账萍逢赚撑翔倡绵猴枯巫昭怔渊凑溪蠢禅阐旺寓藤匪伞碑挪琼脂谎慨菩萄狮掘抄岭晕逮砍掏狄晰罕挽脾舟痴蔡剪脊弓懒叉拐喃僚捐姊骚拓歪粘柄坑陌窄湘兆崖骄刹鞭芒筋聘钩棍嚷腺弦焰耍俯厘愣厦恳饶钉寡憾摔叠惹喻谱愧煌徽溶坠煞巾滥洒堵瓷咒姨棒郡浴媚稣淮哎屁漆淫巢吩撰啸滞玫硕钓蝶膝姚茂躯吏猿寨恕渠戚辰舶颁惶狐讽笨袍嘲啡泼衔倦涵雀旬僵撕肢垄夷逸茅侨舆窑涅蒲谦杭噢弊勋刮郊凄捧浸砖鼎篮蒸饼亩肾陡爪兔殷贞荐哑炭坟眨搏咳拢舅昧擅爽咖搁禄雌哨巩绢螺裹昔轩谬谍龟媳姜瞎冤鸦蓬巷琳栽沾诈斋瞒彪厄咨纺罐桶壤糕颂膨谐垒咕隙辣绑宠嘿兑霉挫稽辐乞纱裙嘻哇绣杖塘衍轴攀膊譬斌祈踢肆坎轿棚泣屡躁邱凰溢椎砸趟帘帆栖窜丸斩堤塌贩厢掀喀乖谜捏阎滨虏匙芦苹卸沼钥株祷剖熙哗劈怯棠胳桩瑰娱娶沫嗓蹲焚淘嫩韵衬匈钧竖峻豹捞菊鄙魄兜哄颖镑屑蚁壶怡渗秃迦旱哟咸焉谴宛稻铸锻伽詹毙恍贬烛骇芯汁桓坊驴朽靖佣汝碌迄冀荆崔雁绅珊榜诵傍彦醇笛禽勿娟瞄幢寇睹贿踩霆呜拱妃蔑谕缚诡篷淹腕煮倩卒勘馨逗甸贱炒灿敞蜡囚栗辜垫妒魁谣寞蜀甩涯枕丐泳奎泌逾叮黛燥掷藉枢憎鲸弘倚侮藩拂鹤蚀浆芙垃烤晒霞剿蕴圾绸屿氢驼妆捆铅逛淑榴丙痒钞蹄犬躬昼藻蛛褐颊奠募耽蹈陋侣魅岚侄虐堕陛莹荫狡阀绞膏垮茎缅喇绒搅凳梭丫姬诏钮棺耿缔懈嫉灶匀嗣鸽澡凿纬沸畴刃遏烁嗅叭熬瞥骸奢拙栋毯桐砂莽泻坪梳杉晤稚蔬蝇捣顷麽尴镖诧尬硫嚼羡沦沪旷彬芽狸冥碳咧惕暑咯萝汹腥窥俺潭崎麟捡拯厥澄萎哉涡滔暇溯鳞酿茵愕瞅暮衙诫斧兮焕棕佑嘶妓喧蓉删樱伺嗡娥梢坝蚕敷澜杏绥冶庇挠搂倏聋沛磅蛟睦棱仕匿蜘掉囱磷姥颓袜蠕宦肘挟藐蛙鄂凛掸纫卦颅狈疤疙汛湃宵缀诀攒湛钳沮噪蛤惰酱轴磋谤仓嗦绊唾恤绰眯韧隘罚嵌蝉骏筐窖浇慷谆溉膘隧渺蟹瞻吆膛绷怠侈捍蓦芭甥'.split(''),
);

/** Per UTF-16 code unit: 1 a Han character, 2 a common one, 0 neither. The Han ranges here are all in the BMP, so a surrogate is never Han. */
const HAN_CLASS = (() => {
  const table = new Uint8Array(65536);
  table.fill(1, 0x3400, 0x4dc0);
  table.fill(1, 0x4e00, 0xa000);
  for (const ch of COMMON_HAN) if (table[ch.charCodeAt(0)] === 1 && ch.length === 1) table[ch.charCodeAt(0)] = 2;
  return table;
})();

/** Share of Han characters that are common ones, and how many Han characters there were. */
export function commonHanScore(text: string): { han: number; common: number } {
  let han = 0;
  let common = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = HAN_CLASS[text.charCodeAt(i)]!;
    if (kind !== 0) {
      han++;
      if (kind === 2) common++;
    }
  }
  return { han, common };
}

function ratio(text: string): number {
  const { han, common } = commonHanScore(text);
  return han === 0 ? 0 : common / han;
}

const UTF8_LOOSE = new TextDecoder('utf-8');

/** Byte offsets of invalid UTF-8 sequences (first byte of each). */
export function invalidUtf8Offsets(bytes: Uint8Array, limit = 20): number[] {
  const bad: number[] = [];
  let i = 0;
  while (i < bytes.length && bad.length < limit) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else {
      bad.push(i);
      i++;
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (!ok) {
      bad.push(i);
      i++;
      continue;
    }
    i += need + 1;
  }
  return bad;
}

/** Heuristic: many NULs at alternating positions means UTF-16 without a BOM. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.2 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.2 && oddNul < pairs * 0.05) return 'utf-16be';
  // CJK text in UTF-16 has few NULs; compare plausibility of the decodings instead.
  return undefined;
}

/** A file is binary when it has NULs or control bytes that no text encoding here would produce. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0 || (b < 0x09) || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > n * 0.1;
}

/** Known magic numbers of formats that are never text. */
const BINARY_MAGIC: Array<[string, number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
];

function magic(bytes: Uint8Array): string | undefined {
  for (const [name, sig] of BINARY_MAGIC) {
    if (sig.every((b, i) => bytes[i] === b)) return name;
  }
  return undefined;
}

/**
 * Undo mojibake: text whose UTF-8 bytes were once read as GBK (or Latin-1) and
 * saved again. Re-encoding with the wrong charset gives the original bytes back;
 * the repair is kept only when it is valid UTF-8 and reads as far more common text.
 */
export function repairMojibake(text: string): { text: string; from?: string; lost?: number } {
  const before = ratio(text);
  // A repair must score above before + 0.25, and no text scores above 1: already common text has nothing to gain.
  if (before >= 0.75) return { text };
  const latin = /[\u00c0-\u00ff][\u0080-\u00bf]/u.test(text);
  // U+FFFD marks bytes the wrong reading swallowed: re-encode around them and put back an invalid byte.
  const reencode = (encoding: string): Buffer =>
    Buffer.concat(text.split('\uFFFD').flatMap((part, i) => (i === 0 ? [iconv.encode(part, encoding)] : [Buffer.from([0xff]), iconv.encode(part, encoding)])));
  const candidates: Array<[string, () => Buffer]> = [
    ['gbk', () => reencode('gbk')],
    ['gb18030', () => reencode('gb18030')],
  ];
  if (latin) candidates.unshift(['latin1', () => Buffer.from(text, 'latin1')], ['cp1252', () => iconv.encode(text, 'win1252')]);
  for (const [from, encode] of candidates) {
    // The wrong reading may have swallowed bytes (shown as U+FFFD); those characters stay lost and are counted.
    const fixed = UTF8_LOOSE.decode(encode()).replace(/\uFFFD+/gu, '\uFFFD');
    const lost = (fixed.match(/\uFFFD/gu) ?? []).length;
    const after = ratio(fixed);
    if (commonHanScore(fixed).han >= 2 && after > before + 0.25 && after > 0.5 && lost <= commonHanScore(fixed).han * 0.2) {
      return lost > 0 ? { text: fixed, from, lost } : { text: fixed, from };
    }
  }
  return { text };
}

/** Decode one raw file. Never throws: what it cannot do becomes an issue. */
export function decode(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { text: '', encoding: 'empty', issues: [{ message: 'file is empty' }] };
  const kind = magic(bytes);
  if (kind) return { text: '', encoding: 'binary', issues: [{ byte: 0, message: `binary file (${kind}), skipped` }] };

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return fromUtf8(bytes.subarray(3), 'utf-8-bom', 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return fromUtf16(bytes.subarray(2), 'utf-16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return fromUtf16(bytes.subarray(2), 'utf-16be', 2);
  const utf16 = sniffUtf16(bytes);
  if (utf16) return fromUtf16(bytes, utf16, 0);
  if (looksBinary(bytes)) return { text: '', encoding: 'binary', issues: [{ byte: 0, message: 'binary file (control bytes), skipped' }] };

  const bad = invalidUtf8Offsets(bytes, 64);
  if (bad.length === 0) return fromUtf8(bytes, 'utf-8', 0);

  // Not UTF-8: choose between the legacy Chinese encodings by plausibility.
  const legacy = (['gb18030', 'big5'] as const).map((encoding) => {
    const text = iconv.decode(Buffer.from(bytes), encoding);
    const replacement = (text.match(/\uFFFD/gu) ?? []).length;
    return { encoding, text, score: ratio(text) - replacement / Math.max(1, text.length) * 10, replacement };
  });
  legacy.sort((a, b) => b.score - a.score);
  const best = legacy[0]!;
  // A file that is UTF-8 except for a few bad sequences (a truncated character) stays UTF-8.
  const utf8Text = UTF8_LOOSE.decode(bytes);
  const utf8Score = ratio(utf8Text) - bad.length / Math.max(1, utf8Text.length) * 10;
  if (utf8Score >= best.score) {
    return {
      text: utf8Text,
      encoding: 'utf-8',
      issues: bad.map((byte) => ({ byte, message: `invalid UTF-8 sequence at byte ${byte}, replaced with U+FFFD` })),
    };
  }
  const issues: DecodeIssue[] = [];
  if (best.replacement > 0) issues.push({ message: `${best.replacement} byte sequence(s) not valid ${best.encoding}, replaced with U+FFFD` });
  return { text: stripBom(best.text), encoding: best.encoding, issues };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function fromUtf8(bytes: Uint8Array, encoding: Encoding, offset: number): Decoded {
  const bad = invalidUtf8Offsets(bytes, 64);
  const text = UTF8_LOOSE.decode(bytes);
  const issues = bad.map((b) => ({ byte: b + offset, message: `invalid UTF-8 sequence at byte ${b + offset}, replaced with U+FFFD` }));
  const repaired = repairMojibake(text);
  return repaired.from
    ? {
        text: repaired.text,
        encoding,
        repairedFrom: repaired.from,
        issues: [
          ...issues,
          { message: `mojibake repaired (UTF-8 that had been read as ${repaired.from})${repaired.lost ? `; ${repaired.lost} character(s) were destroyed by the wrong reading and are shown as U+FFFD` : ''}` },
        ],
      }
    : { text, encoding, issues };
}

function fromUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', offset: number): Decoded {
  const issues: DecodeIssue[] = [];
  let body = bytes;
  if (body.length % 2 === 1) {
    issues.push({ byte: offset + body.length - 1, message: `odd trailing byte at ${offset + body.length - 1} in ${encoding} file, dropped` });
    body = body.subarray(0, body.length - 1);
  }
  const text = iconv.decode(Buffer.from(body), encoding);
  return { text: stripBom(text), encoding, issues };
}
