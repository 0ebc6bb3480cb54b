// Stop words: function words that carry no topic or sentiment, dropped from the hashed word features.
// Written for this project (short lists of the commonest function words); negators (not, no, never,
// 不, 没, 别) and intensifiers (very, 很, 太) are kept on purpose, as they change what a text says.

export const EN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or of to in on at for from by with as is are was were be been being am it its this that ' +
    'these those i me my we our us you your he him his she her they them their there here what which who ' +
    'whom do does did have has had will would shall should can could may might must just also then than ' +
    'so if about into over up out off again some such only own same too s t d ll m re ve'
  ).split(' '),
);

export const ZH_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 我 你 他 她 它 我们 你们 他们 这 那 这个 那个 这些 那些 在 和 与 及 就 也 都 吧 啊 呢 吗 呀 ' +
    '哦 嗯 着 把 被 给 对 从 向 而 并 或 之 其 此 个 么 啦 哈 嘛 已经 还是 一个 一下 有点 自己'
  ).split(' '),
);
