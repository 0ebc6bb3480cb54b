// The English sentiment lexicon: words and phrases common in customer feedback (orders, delivery,
// support, apps, subscriptions and billing), with weights on a -2..+2 scale. Written for this project
// from general knowledge of the language; not copied from a published lexicon. Inflected forms are
// listed, as nothing is stemmed. A phrase that holds a negator or a polar word with another sense
// ("never again", "feels like", "money back") is an entry of its own: the scan takes the longest first.
import type { LexiconSource } from './lexicon-source.ts';

export const EN_LEXICON: LexiconSource = {
  polar: [
    [
      2,
      'excellent,amazing,awesome,fantastic,perfect,perfectly,outstanding,superb,brilliant,love,loved,loving,' +
        'highly recommend,five stars,5 stars,best,wonderful,impressed,exceptional,flawless,above and beyond,' +
        'delighted,thrilled,love it,exceeded my expectations,exceeded expectations',
    ],
    [1.5, 'great,happy,satisfied,recommend,recommended,impressive,worth it,great value,excellent service'],
    [
      1,
      'good,nice,pleased,glad,fast,quick,quickly,speedy,prompt,promptly,on time,early,easy,simple,smooth,' +
        'smoother,smoothly,convenient,helpful,friendly,polite,kind,patient,professional,courteous,responsive,' +
        'reliable,dependable,solid,sturdy,durable,well made,high quality,premium,comfortable,fresh,tasty,' +
        'delicious,lovely,beautiful,clean,clearly,accurate,as described,worth,good value,value for money,bargain,' +
        'affordable,cheaper,thanks,thank you,thank,appreciate,appreciated,enjoy,enjoyed,enjoying,liked,works well,' +
        'fixed,solved,resolved,sorted,well done,went well,fits well,better,improved,efficient,seamless,' +
        'hassle-free,no hassle,buy again,order again,come back,be back,loyal,favourite,favorite,nicely,cool,fun,' +
        'reasonable,fair,generous,nice touch,safe,secure,useful,handy,intuitive,pleasant,satisfying,' +
        'kindly,attentive,thoughtful,right away,straight away,in no time',
    ],
    [0.5, 'fine,ok,okay,decent,alright,not bad,cheap,as expected,warm,works,working,worked,help,helped'],
    [-0.5, 'average,meh,return,returned,returning,so-so,could be better,still,at best'],
    [
      -1,
      'bad,poor,poorly,slow,slowly,late,delayed,delay,delays,waiting,waited,wait,expensive,overpriced,pricey,' +
        'broken,broke,breaks,break,damaged,damage,defective,faulty,fault,crack,cracked,scratched,scratches,' +
        'scratch,dent,dented,leak,leaked,leaking,leaks,crushed,soaked,wet,dirty,stained,smell,smells,smelly,' +
        'stinks,spoiled,stale,expired,mold,moldy,mouldy,wrong,incorrect,error,errors,missing,lost,crash,crashes,' +
        'crashing,crashed,freeze,freezes,frozen,freezing,lag,laggy,lagging,glitch,glitchy,bug,buggy,bugs,stuck,' +
        'fails,failed,failure,fail,unable,problem,problems,issue,issues,complaint,complaints,complain,' +
        'complaining,refund,money back,cancel,cancelled,canceled,cancelling,canceling,unsubscribe,unhelpful,' +
        'ignored,ignoring,ignore,nobody,no one,no reply,no response,no answer,no notice,without notice,' +
        'without warning,without any reminder,without any notice,unanswered,annoyed,annoying,upset,unhappy,' +
        'regret,misleading,mediocre,flimsy,uncomfortable,confusing,complicated,difficult,hard to,hassle,mess,' +
        'messy,pain,dies,died,dead,drains,runs out,too small,too big,noisy,loud,overheats,overheating,joke,' +
        'feels like a scam,nothing like,nothing happens,nothing happened,hung up,keeps saying,keep saying,' +
        'overcharged,charged twice,double charged,hidden fees,hidden fee,extra charge,unauthorized,outage,' +
        'down again,not working,stopped working,doesnt work,not received,never received,worse,lacking,rough,' +
        'chase,chasing,still waiting,auto-renewal,autorenewal,cheaply made,cheap quality,used item,fake,' +
        'counterfeit,lied,lies,cheated,ridiculous,unreliable,inconvenient,sloppy,careless,rushed,tired,' +
        'unusable,useless,nightmare,in pieces,shattered,fell apart,falls apart,rotten',
    ],
    [
      -1.5,
      'disappointed,disappointing,disappointment,frustrated,frustrating,angry,dissatisfied,unsatisfied,rude,' +
        'unprofessional,impolite,scam,fraud,ripped off,rip-off,rip off,never arrived,never showed up,' +
        "didn't arrive,doesn't work,not worth,can't log in,cannot log in,can't login,waste,hate,hated",
    ],
    [
      -2,
      'terrible,horrible,awful,worst,pathetic,disgusting,never again,garbage,trash,junk,rubbish,scammed,' +
        'unacceptable,waste of money,waste of time,avoid,stay away,do not buy,dont buy,zero stars,one star,1 star',
    ],
    // Reviews: the verb "like" (bare "like" is mostly "as"), coming back or not, and set phrases whose words
    // mislead one by one ("could not be happier", "don't waste your time", "to die for").
    [
      2,
      "could not be happier,couldn't be happier,could not be better,couldn't be better,can't say enough good," +
        "cant say enough good,to die for,out of this world,can't wait to go back,can't wait to come back",
    ],
    [
      1.5,
      "can't go wrong,cant go wrong,can not go wrong,can't beat,cant beat,will be back,will come back," +
        'will definitely be back,will definitely come back,will return,will definitely return,will be returning',
    ],
    [
      1,
      'go back,going back,come back again,coming back,come again,return again,be in again,i like,we like,' +
        'i really like,we really like,really like,do like,did like,like this place,like the place,like them',
    ],
    [
      -1,
      "i've had better,have had better,had better food,nothing special,elsewhere,lukewarm,luke warm,turn off," +
        'took forever,takes forever,taking forever,on hold,too long,way too long,long wait,happened again,' +
        'broke again,late again,yet again,again and again,over and over',
    ],
    [
      -1.5,
      "leaves a lot to be desired,left a lot to be desired,leave a lot to be desired,let down,letdown,don't like," +
        "didn't like,do not like,did not like,doesn't like,does not like,not like it,not like this,don't waste," +
        "dont waste,do not waste,wouldn't return,won't return,will not return,would not return,not return," +
        'never return,never returning',
    ],
    [
      -2,
      'never go again,never going again,never come again,never coming again,never be back,never ever,' +
        "will never be back,won't ever be back,not again",
    ],
    [
      0,
      'feels like,looks like,seems like,would like,not only,no matter,never mind,as well,no doubt,free,' +
        "not sure,just like,break down,no longer,like,i'd like,we'd like,you'd like,please,hope,hoping," +
        'hopefully,wish,oh well,care,support,customer care,customer support,by accident,do yourself a favor,' +
        'do yourself a favour',
    ],
  ],
  negators:
    "not,no,never,none,nothing,neither,nor,without,hardly,barely,don't,doesn't,didn't,isn't,wasn't,aren't," +
    "weren't,won't,wouldn't,can't,cannot,couldn't,shouldn't,haven't,hasn't,hadn't,dont,doesnt,didnt,isnt," +
    'wasnt,cant,wont,lack,lacks',
  intensifiers: [
    [1.5, 'extremely,totally,completely,absolutely,incredibly,super,so,way,too,utterly,highly,really really'],
    [1.25, 'really,very,so much,especially,truly,seriously,definitely,certainly,def'],
    [1.1, 'quite,pretty,fairly'],
    [0.5, 'slightly,somewhat,a bit,a little,kind of,sort of,a tad'],
  ],
  contrasts: 'but,however,although,though,yet',
};
